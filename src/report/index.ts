/** The report layer: latency statistics, latency.json (schema), HTML with charts, JUnit, baseline gate, `pushlab report`. */
export { hops, hopNames, type HopName, type Stamps, type SampleResult, type LatencySample, type HopSummary, type GroupSummary, type LatencyReport } from './types.js';
export { summarize, hopDurations, summarizeReport, deliveryTotals } from './stats.js';
export { latencyReportSchema, parseLatencyReport, buildReport } from './schema.js';
export { renderHtml } from './html.js';
export { renderJunit } from './junit.js';
export { compare, type ComparisonResult, type Change } from './baseline.js';
export { reportCommand, writeReports, type WrittenReports } from './command.js';
