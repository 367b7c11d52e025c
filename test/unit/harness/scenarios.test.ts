import { describe, expect, it } from '@jest/globals';
import { appStates } from '../../../src/vendors/common/delivery-rules.js';
import { expectationFor, scenariosFor } from '../../../src/harness/scenarios.js';

describe('scenario matrix', () => {
  it('covers every app state for both providers, with call types mixed', () => {
    const scenarios = scenariosFor({ id: 'mi', vendor: 'xiaomi', platform: 'android' });
    expect(scenarios).toHaveLength(appStates.length * 2);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    expect(new Set(scenarios.map((s) => s.callType))).toEqual(new Set(['voice', 'video']));
  });

  it('takes the expectation from the vendor rule table when a push is sent', () => {
    expect(expectationFor('fcm', 'android', 'force-stopped', 'zego')).toMatchObject({ route: 'push', message: 'notification', expected: 'dropped' });
    expect(expectationFor('apns', 'ios', 'killed', 'zego')).toMatchObject({ message: 'voip', expected: 'app' });
    expect(expectationFor('huawei', 'android', 'uninstalled', 'easemob')).toMatchObject({ expected: 'refused' });
    expect(expectationFor('vivo', 'android', 'offline', 'zego')).toMatchObject({ expected: 'queued' });
  });

  it('sends nothing by push while the long connection is up: foreground always, background on Easemob', () => {
    expect(expectationFor('xiaomi', 'android', 'foreground', 'zego')).toMatchObject({ route: 'online', expected: 'app' });
    expect(expectationFor('xiaomi', 'android', 'background', 'easemob')).toMatchObject({ route: 'online', expected: 'app' });
    expect(expectationFor('xiaomi', 'android', 'background', 'zego')).toMatchObject({ route: 'push' });
  });
});
