import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { vendorIds } from '../../src/vendors/common/ids.js';

const bin = fileURLToPath(new URL('../../bin/pushlab.js', import.meta.url));

describe('npx pushlab', () => {
  it('lists its commands, each with --help', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const command of ['suite', 'gateways', 'cloud', 'appium', 'rules', 'report']) expect(help.stdout).toContain(command);
    const sub = spawnSync(process.execPath, [bin, 'gateways', '--help'], { encoding: 'utf8' });
    expect(sub.stdout).toContain('--port-base');
  });

  it('gateways --json prints every mock gateway on its first line, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'gateways', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('pushlab gateways printed no line within 15 s')), 15_000);
      createInterface({ input: child.stdout }).once('line', (line) => { clearTimeout(timer); resolve(line); });
      child.once('exit', (code) => reject(new Error(`pushlab gateways exited ${code} before printing`)));
    });
    const urls = JSON.parse(firstLine) as Record<string, string>;
    expect(Object.keys(urls)).toEqual([...vendorIds, 'caFile', 'credentialsFile']);
    expect(urls.apns).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.xiaomi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(urls.caFile!) && existsSync(urls.credentialsFile!)).toBe(true);
    const health = await fetch(`${urls.vivo}/__pushlab/health`);
    expect(await health.json()).toEqual({ vendor: 'vivo', ok: true });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it('gateways --vendor refuses an unknown vendor, naming the valid ones', () => {
    const run = spawnSync(process.execPath, [bin, 'gateways', '--vendor', 'nokia'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('unknown vendor "nokia"; one of apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu');
  });
});
