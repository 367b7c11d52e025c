import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLatencyReport } from '../../src/report/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `pushlab suite` as a user would; resolves with its exit code and output. */
function suite(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/pushlab.js'), 'suite', ...args], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { output += `\n[test] no exit within ${timeoutMs} ms; killing`; child.kill('SIGKILL'); }, timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, output }); });
  });
}

describe('pushlab suite end to end (real Appium + WebdriverIO + PushSim)', () => {
  it('runs the matrix on one simulated phone and writes the three reports', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'pushlab-e2e-'));
    const { code, output } = await suite(['--device', 'xiaomi-14', '--spec', 'specs/matrix.spec.ts', '--reports', reports], 170_000);
    if (code !== 0) throw new Error(`pushlab suite exited ${code}:\n${output.slice(-4000)}`);
    for (const file of ['latency.json', 'latency.html', 'junit.xml']) expect(existsSync(join(reports, file))).toBe(true);
    const report = parseLatencyReport(JSON.parse(readFileSync(join(reports, 'latency.json'), 'utf8')));
    expect(report.samples).toHaveLength(20);
    expect(report.samples.every((s) => s.passed)).toBe(true);
    const delivered = report.samples.filter((s) => s.result === 'delivered');
    expect(delivered.length).toBeGreaterThan(5);
    for (const s of delivered) expect(s.stamps.callConnectedAt).toBeGreaterThanOrEqual(s.stamps.sentAt);
    expect(report.summary.find((g) => g.state === 'killed')?.hops.push?.n).toBeGreaterThan(0);
    expect(readFileSync(join(reports, 'junit.xml'), 'utf8')).toContain('<testsuite');
    expect(output).toMatch(/\[pushlab\] xiaomi-14: .* \(\d+\/20\)/);
  }, 180_000);

  it('names the unknown device and lists the ones that exist', async () => {
    const { code, output } = await suite(['--device', 'nokia-3310'], 60_000);
    expect(code).not.toBe(0);
    expect(output).toContain('no device "nokia-3310" in devices.json; devices: xiaomi-14');
  }, 70_000);
});
