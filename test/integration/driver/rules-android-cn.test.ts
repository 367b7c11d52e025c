import { describeDeliveryRules } from './rules-suite.js';

describeDeliveryRules(['xiaomi', 'huawei', 'honor', 'oppo', 'vivo', 'meizu']);
