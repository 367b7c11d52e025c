import { formatDeviceTime } from './device-time.js';

/** One log entry as Appium's getLogs returns it (`level` is 'ALL' for logcat and syslog, as in the real drivers). */
export interface LogEntry {
  /** Epoch ms on the device clock. */
  readonly timestamp: number;
  readonly level: 'ALL';
  readonly message: string;
}

export type LogPriority = 'V' | 'D' | 'I' | 'W' | 'E';
const syslogLevels = { V: 'Debug', D: 'Debug', I: 'Notice', W: 'Warning', E: 'Error' } as const satisfies Record<LogPriority, string>;

/** Largest number of lines kept, oldest dropped first (logcat's ring buffer). */
export const LOG_CAPACITY = 10_000;

/**
 * The phone's logcat (Android, threadtime format) or syslog (iOS) buffer. Reading returns what was
 * written since the previous read, as Appium's getLogs does.
 */
export class DeviceLog {
  readonly type: 'logcat' | 'syslog';
  #entries: LogEntry[] = [];
  #readUpTo = 0;
  #dropped = 0;

  constructor(readonly platform: 'android' | 'ios', private readonly now: () => number, private readonly hostName = 'iPhone') {
    this.type = platform === 'ios' ? 'syslog' : 'logcat';
  }

  /** Appends a line; `process` names the writer on iOS (and seeds a stable pid on Android). */
  write(priority: LogPriority, tag: string, message: string, process = tag): LogEntry {
    const timestamp = this.now();
    const pid = pidOf(process);
    const line = this.platform === 'ios'
      ? `${formatDeviceTime(timestamp, 'MMM D HH:mm:ss')} ${this.hostName} ${process}[${pid}] <${syslogLevels[priority]}>: ${tag}: ${message}`
      : `${formatDeviceTime(timestamp, 'MM-DD HH:mm:ss.SSS')} ${String(pid).padStart(5)} ${String(pid + 17).padStart(5)} ${priority} ${tag}: ${message}`;
    const entry: LogEntry = { timestamp, level: 'ALL', message: line };
    this.#entries.push(entry);
    if (this.#entries.length > LOG_CAPACITY) {
      const extra = this.#entries.length - LOG_CAPACITY;
      this.#entries.splice(0, extra);
      this.#dropped += extra;
    }
    return entry;
  }

  /** Entries written since the last call (getLogs semantics). */
  readNew(): LogEntry[] {
    const start = Math.max(0, this.#readUpTo - this.#dropped);
    const out = this.#entries.slice(start);
    this.#readUpTo = this.#dropped + this.#entries.length;
    return out;
  }

  /** Everything still in the buffer (`logcat -d`). */
  all(): readonly LogEntry[] { return this.#entries; }

  /** `logcat -c`. */
  clear(): void {
    this.#dropped += this.#entries.length;
    this.#entries = [];
    this.#readUpTo = this.#dropped;
  }
}

/** A stable fake pid per process name. */
function pidOf(process: string): number {
  let h = 0;
  for (const c of process) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 1000 + (h % 30_000);
}
