import createDebug from 'debug';
import { redact } from './redact.js';

/** A namespaced logger (`DEBUG=pushlab:*` shows them) whose output passes through redaction, so secrets never reach a log. */
export function logger(namespace: string): (format: string, ...args: unknown[]) => void {
  const debug = createDebug(namespace);
  return (format, ...args) => {
    if (!debug.enabled) return;
    debug(redact(format), ...args.map((arg) => (typeof arg === 'string' ? redact(arg) : typeof arg === 'object' && arg !== null ? redact(JSON.stringify(arg)) : arg)));
  };
}
