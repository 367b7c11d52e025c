import { describe, it, expect } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { demoSamples } from '../../../src/report/demo.js';
import { buildReport, latencyReportSchema, parseLatencyReport } from '../../../src/report/schema.js';
import { makeSample } from './make-sample.js';

const now = new Date('2025-03-01T08:00:00.000Z');
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function parseError(json: unknown, source?: string): string {
  try {
    parseLatencyReport(json, source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseLatencyReport to throw');
}

describe('latency.json schema', () => {
  it('accepts a report built from samples, after a trip through JSON', () => {
    const report = buildReport(demoSamples({ count: 30 }), { command: 'pushlab suite', durationMs: 1234 }, now);
    expect(parseLatencyReport(roundTrip(report))).toEqual(roundTrip(report));
  });

  it('is a schema a fresh ajv compiles and validates with', () => {
    const validate = new Ajv2020().compile(latencyReportSchema);
    expect(validate(roundTrip(buildReport([makeSample()], {}, now)))).toBe(true);
    expect(validate({ schemaVersion: 1 })).toBe(false);
  });

  it('accepts a report with no samples', () => {
    expect(parseLatencyReport(roundTrip(buildReport([], {}, now))).samples).toEqual([]);
  });

  it('lists every violation with its JSON path', () => {
    const report = roundTrip(buildReport([makeSample({ id: 'a' }), makeSample({ id: 'b' }), makeSample({ id: 'c' }), makeSample({ id: 'd' })], {}, now)) as any;
    report.samples[3].stamps.sentAt = '1000';
    report.samples[1].vendor = 'xiaomii';
    report.samples[2].stamps.shownAT = 5;
    delete report.samples[0].result;
    report.summary[0].hops.bogus = report.summary[0].hops.push;
    report.schemaVersion = 2;
    const message = parseError(report);
    expect(message).toContain('latency.json: /samples/3/stamps/sentAt must be number (got "1000")');
    expect(message).toContain('latency.json: /samples/1/vendor must be one of apns|fcm|huawei|honor|xiaomi|oppo|vivo|meizu (got "xiaomii")');
    expect(message).toContain('latency.json: /samples/2/stamps has an unknown property "shownAT"');
    expect(message).toContain("latency.json: /samples/0 must have required property 'result'");
    expect(message).toContain('latency.json: /summary/0/hops has an unknown key "bogus"');
    expect(message).toContain('latency.json: /schemaVersion must be 1 (got 2)');
    expect(message).toMatchSnapshot();
  });

  it('names the file it was given and says what to do', () => {
    const message = parseError([], 'reports/old.json');
    expect(message).toMatch(/^reports\/old\.json is not a pushlab latency report/);
    expect(message).toContain('reports/old.json: / must be object');
    expect(message).toContain('npm run suite');
  });
});

describe('buildReport', () => {
  it('stamps the injected time, computes the summary and lists the sampled devices', () => {
    const report = buildReport([makeSample(), makeSample({ device: 'mate-60', vendor: 'huawei' })], { host: 'ci-1' }, now);
    expect(report).toMatchObject({ schemaVersion: 1, generatedAt: '2025-03-01T08:00:00.000Z', run: { host: 'ci-1', devices: ['xiaomi-14', 'mate-60'] } });
    expect(report.summary.map((g) => g.device)).toEqual(['mate-60', 'xiaomi-14']);
  });

  it('masks secrets in free text before they reach latency.json', () => {
    const report = buildReport(
      [makeSample({ diagnosis: 'HTTP 401 for Authorization: Bearer abcdefghijklmnop1234' })],
      { command: 'pushlab suite --header "Authorization: Bearer sk_live_abcdef123456"' },
      now,
    );
    const text = JSON.stringify(report);
    expect(text).not.toContain('abcdefghijklmnop1234');
    expect(text).not.toContain('sk_live_abcdef123456');
    expect(report.samples[0]!.diagnosis).toContain('**MASKED**');
  });
});
