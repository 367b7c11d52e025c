import { describe, it, expect } from '@jest/globals';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { renderJunit } from '../../../src/report/junit.js';
import { buildReport } from '../../../src/report/schema.js';
import type { LatencyReport } from '../../../src/report/types.js';
import { makeSample } from './make-sample.js';

const now = new Date('2025-03-01T08:00:00.000Z');

function parse(xml: string) {
  return new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(`${level}: ${message}`); } }).parseFromString(xml, 'text/xml');
}
const elements = (doc: ReturnType<typeof parse>, name: string) => Array.from(doc.getElementsByTagName(name)) as Element[];

describe('renderJunit', () => {
  const report = buildReport([
    makeSample({ id: 'a' }),
    makeSample({ id: 'b', passed: false, result: 'not-delivered', diagnosis: 'no notification within 30000 ms' }),
    makeSample({ id: 'c', device: 'mate-60', vendor: 'huawei', scenario: 'mate-60 · killed · easemob · voice' }),
    makeSample({ id: 'd', device: 'mate-60', vendor: 'huawei', passed: false, result: 'refused', expected: 'system' }),
    makeSample({ id: 'e', device: 'mate-60', vendor: 'huawei', expected: 'dropped', result: 'not-delivered' }),
  ], {}, now);
  const doc = parse(renderJunit(report));

  it('has one testsuite per device and one testcase per invitation named by its scenario', () => {
    const suites = elements(doc, 'testsuite');
    expect(suites.map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures')])).toEqual([
      ['xiaomi-14', '2', '1'],
      ['mate-60', '3', '1'],
    ]);
    expect(elements(doc, 'testcase')[2]!.getAttribute('name')).toBe('mate-60 · killed · easemob · voice');
  });

  it('counts the failures and says expected, result and diagnosis in each', () => {
    const root = elements(doc, 'testsuites')[0]!;
    expect([root.getAttribute('tests'), root.getAttribute('failures')]).toEqual(['5', '2']);
    const failures = elements(doc, 'failure');
    expect(failures.map((f) => f.getAttribute('message'))).toEqual(['expected system, got not-delivered', 'expected system, got refused']);
    expect(failures[0]!.textContent).toContain('diagnosis: no notification within 30000 ms');
    expect(failures[0]!.textContent).toContain('invitation b on xiaomi-14');
  });

  it('uses the end-to-end latency as the testcase time', () => {
    expect(elements(doc, 'testcase')[0]!.getAttribute('time')).toBe('2.000');
  });

  it('stays well-formed with markup, quotes, control characters and secrets in the data', () => {
    const nasty: LatencyReport = {
      ...buildReport([], {}, now),
      samples: [makeSample({
        device: 'dev "1" & <2>', scenario: "it's <b>bold</b> & \u0001odd\u0007",
        passed: false, result: 'error', diagnosis: ']]> </failure><x> Authorization: Bearer abcdefghijklmnop1234',
      })],
    };
    const xml = renderJunit(nasty);
    const parsed = parse(xml);
    expect(elements(parsed, 'testsuite')[0]!.getAttribute('name')).toBe('dev "1" & <2>');
    expect(elements(parsed, 'testcase')[0]!.getAttribute('name')).toBe("it's <b>bold</b> & \uFFFDodd\uFFFD");
    expect(elements(parsed, 'failure')[0]!.textContent).toContain(']]> </failure><x>');
    expect(xml).not.toContain('abcdefghijklmnop1234');
  });

  it('is valid with no samples', () => {
    const root = elements(parse(renderJunit(buildReport([], {}, now))), 'testsuites')[0]!;
    expect(root.getAttribute('tests')).toBe('0');
  });
});
