import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./run-cloud-command.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('pushlab cloud', () => {
  it('prints one JSON line of cloud and gateway URLs first, serves, and closes cleanly on SIGTERM', async () => {
    // An environment with no real credentials: everything goes to the mock gateways.
    const child = spawn(process.execPath, ['--import', 'tsx', runner, '--json', '--gateways'], { cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 15_000;
      while (!stdout.includes('\n')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no JSON line from pushlab cloud; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const urls = JSON.parse(stdout.split('\n')[0]!) as Record<string, string>;
      expect(Object.keys(urls)).toEqual(['zego', 'easemob', 'apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'caFile', 'credentialsFile']);
      expect(await (await fetch(`${urls.zego}/__pushlab/health`)).json()).toMatchObject({ provider: 'zego', ok: true });
      expect(await (await fetch(`${urls.easemob}/__pushlab/records`)).json()).toEqual({ records: [], lastSeq: 0 });
      expect(await (await fetch(`${urls.xiaomi}/__pushlab/health`)).json()).toMatchObject({ vendor: 'xiaomi' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: closing the emulated clouds');
  }, 20_000);
});
