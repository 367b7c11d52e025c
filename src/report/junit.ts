import { redact } from '../vendors/common/redact.js';
import { hopDurations } from './stats.js';
import type { LatencyReport, LatencySample } from './types.js';

/**
 * JUnit XML: one <testsuite> per device, one <testcase> per invitation (named by its scenario), a <failure> with
 * expected, result and diagnosis for each invitation that did not pass. Time is the end-to-end (else push) latency.
 */
export function renderJunit(report: LatencyReport): string {
  const byDevice = new Map<string, LatencySample[]>();
  for (const s of report.samples) byDevice.set(s.device, [...(byDevice.get(s.device) ?? []), s]);
  const failures = report.samples.filter((s) => !s.passed).length;
  const suites = [...byDevice.entries()].map(([device, samples]) => {
    const failed = samples.filter((s) => !s.passed).length;
    const time = samples.reduce((sum, s) => sum + seconds(s), 0);
    return `  <testsuite name="${attr(device)}" tests="${samples.length}" failures="${failed}" errors="0" skipped="0" time="${time.toFixed(3)}" timestamp="${attr(report.generatedAt.replace(/(\.\d+)?Z$/, ''))}">\n${samples.map(testcase).join('')}  </testsuite>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pushlab" tests="${report.samples.length}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`;
}

function testcase(s: LatencySample): string {
  const open = `    <testcase name="${attr(s.scenario)}" classname="${attr(`pushlab.${s.vendor}.${s.state}`)}" time="${seconds(s).toFixed(3)}"`;
  if (s.passed) return `${open}/>\n`;
  const message = `expected ${s.expected}, got ${s.result}`;
  const body = [`invitation ${s.id} on ${s.device} (${s.vendor}, ${s.state}, ${s.message} via ${s.source})`, message, s.diagnosis ? `diagnosis: ${s.diagnosis}` : ''].filter(Boolean).join('\n');
  return `${open}>\n      <failure message="${attr(message)}" type="${attr(s.result)}">${text(body)}</failure>\n    </testcase>\n`;
}

function seconds(s: LatencySample): number {
  const d = hopDurations(s);
  const ms = d['end-to-end'] ?? d.push ?? 0;
  return Math.max(0, ms) / 1000;
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };
/** Redacted, invalid characters replaced, escaped for an attribute value (newlines kept as character references). */
const attr = (value: string) => redact(value).replace(invalidXml, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => escapes[c]!);
/** Redacted, invalid characters replaced, escaped for element content. */
const text = (value: string) => redact(value).replace(invalidXml, '\uFFFD').replace(/[&<>]/g, (c) => escapes[c]!);
