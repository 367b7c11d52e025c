import { describeDeliveryRules } from './rules-suite.js';

describeDeliveryRules(['pixel', 'iphone']);
