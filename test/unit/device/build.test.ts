import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { diagnose, loadBuild, parseBuild } from '../../../src/device/build.js';
import { vendorIds } from '../../../src/vendors/common/ids.js';

const load = (name: string) => loadBuild(`fixtures/builds/${name}.json`);

describe('build descriptors', () => {
  it('loads every shipped fixture', () => {
    for (const name of ['zego-demo', 'easemob-demo', 'zego-missing-huawei-agconnect', 'zego-missing-vivo-keys', 'zego-unipush-ticked']) {
      expect(load(name)).toMatchObject({ pushModule: true, packageName: expect.any(String) });
    }
    expect(load('zego-demo').zego!.appID).toBe('1234567890');
  });

  it('finds nothing wrong with the complete demos on their channels', () => {
    for (const vendor of vendorIds) expect(diagnose(load('zego-demo'), vendor)).toEqual([]);
    for (const vendor of vendorIds.filter((v) => v !== 'fcm')) expect(diagnose(load('easemob-demo'), vendor)).toEqual([]);
  });

  it('names the missing agconnect-services.json for Huawei only', () => {
    const build = load('zego-missing-huawei-agconnect');
    expect(diagnose(build, 'huawei')).toEqual([{ field: '/channels/huawei/agconnectServices', blocksToken: true, message: 'HMS push not initialised: agconnect-services.json missing from nativeplugins/zego-ZPNsUniPlugin/android/assets' }]);
    expect(diagnose(build, 'xiaomi')).toEqual([]);
  });

  it('names the vivo keys missing from the native plugin config', () => {
    const messages = diagnose(load('zego-missing-vivo-keys'), 'vivo').map((p) => p.message);
    expect(messages).toEqual([
      'vivo push not initialised: vivo api_key missing from the zego-ZPNsUniPlugin native plugin config (App原生插件配置)',
      'vivo push not initialised: vivo app_id missing from the zego-ZPNsUniPlugin native plugin config (App原生插件配置)',
    ]);
  });

  it('reports uniPush ticked as a conflicting push module on every vendor', () => {
    for (const vendor of vendorIds) expect(diagnose(load('zego-unipush-ticked'), vendor)[0]).toMatchObject({ field: '/uniPush', blocksToken: true, message: expect.stringContaining('conflicting push modules') });
  });

  it('has no FCM channel in the Easemob plugin', () => {
    expect(diagnose(load('easemob-demo'), 'fcm')[0]!.message).toContain('EMPushUniPlugin plugin has no FCM channel');
  });

  it('refuses a malformed descriptor, naming the file and every bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushlab-build-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ appName: 'x', packageName: 'nodots', bundleId: 'a.b', provider: 'agora', pushModule: 'yes', uniPush: false, channels: { vivo: { apiKey: 3 } }, extra: 1 }));
    expect(() => loadBuild(file)).toThrow(`${file}: not a valid build descriptor: unknown field "extra"; /packageName must be an Android package name such as com.acme.app; `);
    let message = '';
    try { loadBuild(file); } catch (e) { message = (e as Error).message; }
    for (const bit of ['/provider must be one of "zego", "easemob"', '/pushModule must be boolean', '/channels/vivo/apiKey must be string', 'unknown field "extra"']) expect(message).toContain(bit);
    expect(() => parseBuild({ ...load('zego-demo'), zego: undefined })).toThrow('/zego is required');
    expect(() => loadBuild(join(dir, 'missing.json'))).toThrow('cannot read the build descriptor');
  });
});
