import { describe, it, expect } from '@jest/globals';
import { CommanderError } from 'commander';
import { rulesCommand } from '../../src/device/rules-command.js';
import { deliveryRules, deliveryTables, ruleFor } from '../../src/device/rules.js';
import { appStates, outcomes, ruleMessages, type DeliveryRule } from '../../src/vendors/common/delivery-rules.js';
import { vendorIds } from '../../src/vendors/common/ids.js';

/** Runs `pushlab rules <args>` in-process and returns what it wrote, without touching process.exit. */
async function runRules(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const command = rulesCommand()
    .exitOverride()
    .configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  await command.parseAsync(args, { from: 'user' });
  return { out, err };
}

const key = (r: Pick<DeliveryRule, 'vendor' | 'state' | 'message'>) => `${r.vendor}/${r.state}/${r.message}`;

describe('deliveryRules()', () => {
  const rules = deliveryRules();

  it('lists every vendor × state × message type exactly once: 10 states × (3 APNs + 7 × 2) = 170', () => {
    expect(rules).toHaveLength(appStates.length * (3 + 7 * 2));
    expect(new Set(rules.map(key)).size).toBe(rules.length);
    for (const vendor of vendorIds) {
      const messages = vendor === 'apns' ? ['notification', 'data', 'voip'] : ['notification', 'data'];
      for (const state of appStates) {
        const got = rules.filter((r) => r.vendor === vendor && r.state === state).map((r) => r.message);
        expect({ vendor, state, got }).toEqual({ vendor, state, got: messages });
      }
    }
  });

  it('has voip rules only for APNs', () => {
    expect([...new Set(rules.filter((r) => r.message === 'voip').map((r) => r.vendor))]).toEqual(['apns']);
  });

  it('is ordered by vendorIds, then appStates, then ruleMessages', () => {
    const rank = (r: DeliveryRule) =>
      vendorIds.indexOf(r.vendor) * 1000 + appStates.indexOf(r.state) * 10 + ruleMessages.indexOf(r.message);
    const ranks = rules.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('keeps exactly the { vendor, state, message, outcome, source } shape', () => {
    for (const rule of rules) expect(Object.keys(rule)).toEqual(['vendor', 'state', 'message', 'outcome', 'source']);
  });

  it('uses only known outcomes', () => {
    for (const rule of rules) expect({ rule: key(rule), ok: (outcomes as readonly string[]).includes(rule.outcome) }).toEqual({ rule: key(rule), ok: true });
  });

  it('gives every rule a source that cites the reference or says it is an assumption', () => {
    const bad = rules.filter((r) => !(r.source.trim().length > 0 && (r.source.startsWith('assumption:') || r.source.includes('reference/'))));
    expect(bad.map(key)).toEqual([]);
  });

  it('matches the per-vendor tables it is built from', () => {
    for (const rule of rules) {
      const cell = (deliveryTables[rule.vendor] as Record<string, Record<string, { outcome: string; source: string } | undefined>>)[rule.state]?.[rule.message];
      expect(cell).toEqual({ outcome: rule.outcome, source: rule.source });
    }
  });
});

describe('delivery behaviour anchors', () => {
  it('drops everything for a force-stopped app on stock Android (FCM)', () => {
    expect(ruleFor('fcm', 'force-stopped', 'notification')?.outcome).toBe('dropped');
    expect(ruleFor('fcm', 'force-stopped', 'data')?.outcome).toBe('dropped');
  });

  it('still delivers FCM after a swipe from recents (not a force-stop)', () => {
    expect(ruleFor('fcm', 'swiped', 'notification')?.outcome).toBe('system');
    expect(ruleFor('fcm', 'swiped', 'data')?.outcome).toBe('app');
  });

  it('has every gateway refuse a push to an uninstalled app', () => {
    for (const rule of deliveryRules().filter((r) => r.state === 'uninstalled')) expect([key(rule), rule.outcome]).toEqual([key(rule), 'refused']);
  });

  it('queues notifications for an offline phone at every vendor', () => {
    for (const vendor of vendorIds) expect([vendor, ruleFor(vendor, 'offline', 'notification')?.outcome]).toEqual([vendor, 'queued']);
    expect(ruleFor('apns', 'offline', 'voip')?.outcome).toBe('queued');
  });

  it('launches a killed iOS app for a VoIP push', () => {
    expect(ruleFor('apns', 'killed', 'voip')?.outcome).toBe('app');
  });

  it('drops a Huawei data message when the app process is killed, while the system still shows notifications', () => {
    expect(ruleFor('huawei', 'killed', 'data')?.outcome).toBe('dropped');
    expect(ruleFor('huawei', 'killed', 'notification')?.outcome).toBe('system');
  });

  it('refuses data messages at OPPO and vivo, which have no pass-through API', () => {
    for (const vendor of ['oppo', 'vivo'] as const) {
      for (const state of appStates) expect(ruleFor(vendor, state, 'data')?.outcome).toBe('refused');
    }
  });

  it('has Xiaomi show notifications in the foreground (notify_foreground defaults to 1)', () => {
    expect(ruleFor('xiaomi', 'foreground', 'notification')?.outcome).toBe('system');
  });

  it('returns undefined for a message type a vendor does not have', () => {
    expect(ruleFor('fcm', 'foreground', 'voip')).toBeUndefined();
    expect(ruleFor('apns', 'foreground', 'voip')).toEqual(expect.objectContaining({ vendor: 'apns', state: 'foreground', message: 'voip' }));
  });
});

describe('pushlab rules', () => {
  it('--json prints the rule list, parseable and equal to deliveryRules()', async () => {
    const { out } = await runRules('--json');
    expect(JSON.parse(out)).toEqual(deliveryRules());
    expect(out).toContain('\n  {'); // pretty, 2-space
  });

  it('--vendor filters the JSON to one vendor', async () => {
    const { out } = await runRules('--json', '--vendor', 'huawei');
    expect(JSON.parse(out)).toEqual(deliveryRules().filter((r) => r.vendor === 'huawei'));
  });

  it('prints a matrix per vendor with numbered sources, within 100 columns', async () => {
    const { out } = await runRules();
    for (const vendor of vendorIds) expect(out).toMatch(new RegExp(`^${vendor}$`, 'm'));
    expect(out).toMatch(/^ {2}force-stopped +dropped \[\d+\] +dropped \[\d+\]$/m); // the fcm row
    expect(out).toMatch(/^ {4}\[1\] /m);
    expect(Math.max(...out.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    for (const rule of deliveryRules()) expect(out.replace(/\s+/g, ' ')).toContain(rule.source.replace(/\s+/g, ' '));
  });

  it('prints only the chosen vendor with --vendor', async () => {
    const { out } = await runRules('--vendor', 'apns');
    expect(out).toMatch(/^apns$/m);
    expect(out).toMatch(/^ {2}state +notification +data +voip$/m);
    expect(out).not.toMatch(/^fcm$/m);
  });

  it('rejects an unknown vendor with exit code 2 and the list of valid ids', async () => {
    const run = runRules('--vendor', 'nokia');
    await expect(run).rejects.toBeInstanceOf(CommanderError);
    await expect(run).rejects.toMatchObject({ exitCode: 2 });
    let err = '';
    await rulesCommand().exitOverride().configureOutput({ writeErr: (s) => { err += s; }, writeOut: () => {} })
      .parseAsync(['--vendor', 'nokia'], { from: 'user' }).catch(() => undefined);
    expect(err).toContain('"nokia"');
    expect(err).toContain(vendorIds.join(', '));
  });
});
