import { describe, expect, it } from '@jest/globals';
import { DeviceLog } from '../../../src/device/device-log.js';

describe('logcat / syslog buffer', () => {
  it('returns what was written since the last read, like Appium getLogs', () => {
    let now = Date.UTC(2026, 10, 23, 17, 14, 11, 123);
    const log = new DeviceLog('android', () => now);
    log.write('I', 'PushSim/xiaomi', 'push received messageId=a', 'com.xiaomi.xmsf');
    const first = log.readNew();
    expect(first).toEqual([{ timestamp: now, level: 'ALL', message: expect.stringMatching(/^11-23 17:14:11\.123 +\d+ +\d+ I PushSim\/xiaomi: push received messageId=a$/) }]);
    now += 5;
    log.write('W', 'x', 'second');
    expect(log.readNew().map((e) => e.message)).toEqual([expect.stringContaining('W x: second')]);
    expect(log.readNew()).toEqual([]);
    expect(log.all()).toHaveLength(2);
  });

  it('writes iOS syslog lines with the process name and level', () => {
    const log = new DeviceLog('ios', () => Date.UTC(2026, 10, 3, 9, 0, 0), 'iPhone');
    expect(log.write('I', 'PushSim/apns', 'hi', 'apsd').message).toMatch(/^Nov 3 09:00:00 iPhone apsd\[\d+\] <Notice>: PushSim\/apns: hi$/);
  });
});
