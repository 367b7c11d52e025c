import { describe, expect, it } from '@jest/globals';
import { SenderPool, vendorsWithEnvCredentials } from '../../../src/cloud/senders.js';
import { vendors } from '../../../src/vendors/index.js';

const xiaomiEnv = { PUSHLAB_XIAOMI_APP_SECRET: 'real-secret', PUSHLAB_XIAOMI_PACKAGE_NAME: 'com.example' };

describe('SenderPool', () => {
  it('creates one sender per vendor and gateway, lazily, and reuses it', () => {
    const pool = new SenderPool({ registry: vendors, gateways: { urls: { xiaomi: 'http://127.0.0.1:9' }, credentials: { xiaomi: { appSecret: 's', packageName: 'com.pushlab.demo' } } } });
    const first = pool.lookup('xiaomi', 'mock');
    const again = pool.lookup('xiaomi', 'mock');
    expect(first).toMatchObject({ ok: true, gateway: 'mock' });
    expect(first.ok && again.ok && first.sender === again.sender).toBe(true);
  });

  it('says why a vendor has no sender: no mock gateway, no environment, missing variables', () => {
    const pool = new SenderPool({ registry: vendors, realEnv: { PUSHLAB_XIAOMI_APP_SECRET: 'x' } });
    expect(pool.lookup('vivo', 'mock')).toEqual({ ok: false, reason: expect.stringMatching(/no vivo Push mock gateway is running|no .*vivo.* mock gateway/i) });
    expect(pool.lookup('xiaomi', 'env')).toEqual({ ok: false, reason: expect.stringMatching(/real-gateway credentials missing: set PUSHLAB_XIAOMI_PACKAGE_NAME/) });
    expect(new SenderPool({ registry: vendors }).lookup('xiaomi', 'env')).toEqual({ ok: false, reason: expect.stringMatching(/no environment was given/) });
  });

  it('sends realVendors to the real gateway even where the console says mock, and never shows the secret', () => {
    const pool = new SenderPool({ registry: vendors, realEnv: xiaomiEnv, realVendors: ['xiaomi'] });
    expect(pool.lookup('xiaomi', 'mock')).toMatchObject({ ok: true, gateway: 'real' });
    const described = pool.describe();
    expect(described.xiaomi).toBe('real');
    expect(described.vivo).toMatch(/^none/);
    expect(JSON.stringify(described)).not.toContain('real-secret');
  });

  it('finds the vendors whose credentials are all in the environment', () => {
    expect(vendorsWithEnvCredentials(vendors, xiaomiEnv)).toEqual(['xiaomi']);
    expect(vendorsWithEnvCredentials(vendors, { PUSHLAB_XIAOMI_APP_SECRET: 'x', PUSHLAB_XIAOMI_PACKAGE_NAME: '' })).toEqual([]);
  });
});
