import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadDevices, parseDevices, selectDevices } from '../../../src/harness/devices.js';

const shipped = JSON.parse(readFileSync(new URL('../../../devices.json', import.meta.url), 'utf8'));
const sim = (over: object = {}) => ({ id: 'mi', vendor: 'xiaomi', platform: 'android', simulated: { profile: 'xiaomi' }, ...over });

describe('devices.json', () => {
  it('ships one simulated phone per vendor profile, enabled, plus a disabled real-phone template', () => {
    const devices = loadDevices(new URL('../../../devices.json', import.meta.url).pathname);
    const enabled = devices.filter((d) => d.enabled);
    expect(enabled).toHaveLength(8);
    expect(new Set(enabled.map((d) => d.simulated?.profile))).toEqual(new Set(['xiaomi', 'huawei', 'honor', 'oppo', 'vivo', 'meizu', 'pixel', 'iphone']));
    expect(devices.find((d) => d.real)?.enabled).toBe(false);
    expect(shipped.$schema).toBe('./devices.schema.json');
  });

  it('names the device and the field of every problem', () => {
    const bad = { devices: [sim({ id: 'mi-14', vendor: 'xiaomi', simulated: { profile: 'miui' } }), sim({ id: 'p8', vendor: 'gcm' }), { id: 'x', platform: 'android', simulated: { profile: 'pixel' } }] };
    expect(() => parseDevices(bad)).toThrow('device "mi-14": simulated.profile must be xiaomi|huawei|honor|oppo|vivo|meizu|pixel|iphone (got "miui")');
    expect(() => parseDevices(bad)).toThrow('device "p8": vendor must be apns|fcm|huawei|honor|xiaomi|oppo|vivo|meizu (got "gcm")');
    expect(() => parseDevices(bad)).toThrow('device "x": vendor is required');
  });

  it('wants exactly one of simulated or real, a known automation, and a vendor that fits the platform', () => {
    expect(() => parseDevices({ devices: [{ id: 'a', vendor: 'fcm', platform: 'android' }] })).toThrow('device "a": give exactly one of "simulated" or "real"');
    expect(() => parseDevices({ devices: [{ id: 'b', vendor: 'fcm', platform: 'android', real: { automationName: 'uia2' } }] })).toThrow('device "b": real.automationName must be UiAutomator2|XCUITest (got "uia2")');
    expect(() => parseDevices({ devices: [sim({ id: 'c', vendor: 'apns' })] })).toThrow('device "c": vendor apns does not go with platform android');
    expect(() => parseDevices({ devices: [sim(), sim()] })).toThrow('device "mi": id is used twice');
    expect(() => parseDevices({ devices: [sim({ colour: 'red' })] })).toThrow('device "mi": colour is not a known field');
  });

  it('says which file is missing or not JSON', () => {
    expect(() => loadDevices('/nonexistent/devices.json')).toThrow('/nonexistent/devices.json: no such file');
  });

  it('selects by id (even disabled), by tag, or every enabled device, and lists what exists on a miss', () => {
    const devices = parseDevices({ devices: [sim({ id: 'a', tags: ['cn'] }), sim({ id: 'b', tags: ['cn', 'slow'] }), sim({ id: 'c', enabled: false })] });
    expect(selectDevices(devices).map((d) => d.id)).toEqual(['a', 'b']);
    expect(selectDevices(devices, ['c']).map((d) => d.id)).toEqual(['c']);
    expect(selectDevices(devices, [], ['slow']).map((d) => d.id)).toEqual(['b']);
    expect(() => selectDevices(devices, ['zz'])).toThrow('no device "zz" in devices.json; devices: a, b, c');
    expect(() => selectDevices(devices, [], ['eu'])).toThrow('tags in use: cn, slow');
  });
});
