export { PushSimDriver } from './driver.js';
export { executeMethodMap } from './execute-method-map.js';
export { desiredCapConstraints } from './desired-caps.js';
