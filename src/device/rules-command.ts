import { Command } from 'commander';
import { ruleMessages, type DeliveryRule, type RuleMessage } from '../vendors/common/delivery-rules.js';
import { isVendorId, vendorIds, type VendorId } from '../vendors/common/ids.js';
import { deliveryRules } from './rules.js';

/** Terminal width the matrix is laid out for. */
const width = 100;

const legend =
  'Outcomes: app = the running app gets it · system = the OS shows it · queued = held until the phone is back · ' +
  'dropped = accepted, never shown · refused = the gateway answers with an error.';

/**
 * `pushlab rules [--vendor <id>] [--json]`: the delivery rules simulated phones follow, as a matrix per
 * vendor (states × message types, sources as numbered notes) or as the JSON array of `deliveryRules()`.
 * @example pushlab rules --vendor huawei
 */
export function rulesCommand(): Command {
  return new Command('rules')
    .description('show what a simulated phone does with a push, per vendor, app state and message type')
    .option('--vendor <id>', `only this vendor (${vendorIds.join(', ')})`)
    .option('--json', 'print the rules as a JSON array of { vendor, state, message, outcome, source }')
    .action((options: { vendor?: string; json?: boolean }, command: Command) => {
      const { vendor } = options;
      if (vendor !== undefined && !isVendorId(vendor)) {
        command.error(
          `error: pushlab rules: unknown vendor "${vendor}" for --vendor. Use one of: ${vendorIds.join(', ')} (or leave --vendor out for all).`,
          { exitCode: 2, code: 'pushlab.rules.unknownVendor' },
        );
      }
      const rules = deliveryRules().filter((rule) => vendor === undefined || rule.vendor === vendor);
      const text = options.json ? `${JSON.stringify(rules, null, 2)}\n` : formatMatrix(rules);
      const writeOut = command.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
      writeOut(text);
    });
}

/** One block per vendor: a states × message-types table of outcomes with note numbers, then the notes. */
function formatMatrix(rules: readonly DeliveryRule[]): string {
  const blocks = [wrap(legend, width, '').join('\n')];
  for (const vendor of vendorIds) {
    const own = rules.filter((rule) => rule.vendor === vendor);
    if (own.length > 0) blocks.push(formatVendor(vendor, own));
  }
  return `${blocks.join('\n\n')}\n`;
}

function formatVendor(vendor: VendorId, rules: readonly DeliveryRule[]): string {
  const messages = ruleMessages.filter((message) => rules.some((rule) => rule.message === message));
  const states = [...new Set(rules.map((rule) => rule.state))];
  const notes: string[] = []; // identical sources share one number
  const noteOf = (source: string): number => {
    const at = notes.indexOf(source);
    return at >= 0 ? at + 1 : notes.push(source);
  };
  const cell = (rule: DeliveryRule | undefined): string => (rule ? `${rule.outcome.padEnd(7)} [${noteOf(rule.source)}]` : '—');

  const stateWidth = Math.max('state'.length, ...states.map((state) => state.length));
  const columnWidth = Math.max(...messages.map((message) => message.length), 'dropped [99]'.length);
  const row = (first: string, cells: readonly string[]): string =>
    `  ${first.padEnd(stateWidth)}   ${cells.map((c) => c.padEnd(columnWidth)).join('   ')}`.trimEnd();

  const lines = [`${vendor}`, row('state', messages)];
  for (const state of states) {
    const byMessage = (message: RuleMessage) => rules.find((rule) => rule.state === state && rule.message === message);
    lines.push(row(state, messages.map((message) => cell(byMessage(message)))));
  }
  lines.push('  sources:');
  const labelWidth = `[${notes.length}]`.length;
  notes.forEach((source, i) => {
    const label = `[${i + 1}]`.padStart(labelWidth);
    const [first = '', ...rest] = wrap(source, width - 4 - labelWidth - 1, '');
    lines.push(`    ${label} ${first}`, ...rest.map((line) => `    ${' '.repeat(labelWidth)} ${line}`));
  });
  return lines.join('\n');
}

/** Greedy word wrap; a word longer than the width stays whole on its own line. */
function wrap(text: string, max: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line ? `${line} ${word}` : indent + word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
