import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadEasemobConsole, parseEasemobConsole } from '../../../src/cloud/easemob/console.js';
import { loadZegoConsole, parseZegoConsole } from '../../../src/cloud/zego/console.js';

const zego = JSON.parse(readFileSync(new URL('../../../fixtures/cloud/zego.json', import.meta.url), 'utf8'));
const easemob = JSON.parse(readFileSync(new URL('../../../fixtures/cloud/easemob.json', import.meta.url), 'utf8'));

describe('ZEGO console file', () => {
  it('the fixture is valid: pushlab_call covers all 8 vendors with VoIP on iOS; pushlab_call_cn uses alert on iOS', () => {
    const cfg = loadZegoConsole();
    expect(Object.keys(cfg.resources.pushlab_call!).sort()).toEqual(['apns', 'fcm', 'honor', 'huawei', 'meizu', 'oppo', 'vivo', 'xiaomi']);
    expect(cfg.resources.pushlab_call!.apns).toEqual({ pushType: 'voip' });
    expect(cfg.resources.pushlab_call_cn!.apns?.pushType).toBe('alert');
  });

  it('lists every problem with its field, never echoing the AppSign', () => {
    const bad = {
      ...zego,
      appID: 'abc',
      appSign: 'secret-but-wrong',
      pushCertificates: { ...zego.pushCertificates, nokia: 'mock', vivo: 'maybe' },
      resources: { r1: { xiaomi: { channelId: 'c', classification: 1 }, apns: { sound: 'x' } } },
    };
    let message = '';
    try { parseZegoConsole(bad, 'zego.json'); } catch (error) { message = (error as Error).message; }
    expect(message).toMatch(/^zego\.json: /);
    expect(message).toContain('appID: must be integer (got "abc")');
    expect(message).toContain('appSign: must match pattern "^[0-9a-f]{64}$" (got a value not shown)');
    expect(message).toContain('pushCertificates: unknown field "nokia" (allowed here: apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu)');
    expect(message).toContain('pushCertificates.vivo: must be one of "mock"|"env" (got "maybe")');
    expect(message).toContain('resources.r1.xiaomi: unknown field "classification" (allowed here: channelId, sound)');
    expect(message).toContain('resources.r1.apns: missing required field "pushType"');
    expect(message).not.toContain('secret-but-wrong');
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadZegoConsole('/nonexistent/zego.json')).toThrow(/ZEGO console file \/nonexistent\/zego\.json could not be read: ENOENT/);
  });
});

describe('Easemob console file', () => {
  it('the fixture is valid and carries the demo build\'s certificate names', () => {
    const cfg = loadEasemobConsole();
    expect(Object.keys(cfg.certificates).sort()).toEqual(['pushlab-apns', 'pushlab-hms', 'pushlab-honor', 'pushlab-meizu', 'pushlab-mi', 'pushlab-oppo', 'pushlab-vivo']);
    expect(cfg.multiDevicePolicy).toBe('all-offline');
  });

  it('checks each certificate\'s options against its own vendor, the policy, the appKey and duplicate users', () => {
    expect(() => parseEasemobConsole({ ...easemob, appKey: 'no-hash', multiDevicePolicy: 'sometimes', certificates: { c: { vendor: 'xiaomi', credentials: 'mock', options: { classification: 1 } } } }))
      .toThrow(/appKey: must match pattern.*certificates\.c\.options: unknown field "classification" \(allowed here: channelId, sound\); multiDevicePolicy: must be one of "all-offline"\|"any-offline" \(got "sometimes"\)/);
    expect(() => parseEasemobConsole({ ...easemob, users: [{ username: 'a', password: 'x' }, { username: 'a', password: 'y' }] })).toThrow(/username "a" listed more than once/);
  });
});
