/** The format `mobile: getDeviceTime` uses when none is given (UiAutomator2 and XCUITest alike). */
export const DEFAULT_DEVICE_TIME_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');
const offset = (minutes: number, colon: boolean) => `${minutes < 0 ? '-' : '+'}${pad(minutes / 60)}${colon ? ':' : ''}${pad(minutes % 60)}`;
const monthsShort = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** moment.js tokens the formatter knows, longest first so `YYYY` wins over `YY`. */
const tokens: Record<string, (d: Date, ms: number, tz: number) => string> = {
  YYYY: (d) => pad(d.getUTCFullYear(), 4),
  YY: (d) => pad(d.getUTCFullYear() % 100),
  MMM: (d) => monthsShort[d.getUTCMonth()]!,
  MM: (d) => pad(d.getUTCMonth() + 1),
  M: (d) => String(d.getUTCMonth() + 1),
  DD: (d) => pad(d.getUTCDate()),
  D: (d) => String(d.getUTCDate()),
  HH: (d) => pad(d.getUTCHours()),
  H: (d) => String(d.getUTCHours()),
  hh: (d) => pad(d.getUTCHours() % 12 || 12),
  h: (d) => String(d.getUTCHours() % 12 || 12),
  mm: (d) => pad(d.getUTCMinutes()),
  m: (d) => String(d.getUTCMinutes()),
  ss: (d) => pad(d.getUTCSeconds()),
  s: (d) => String(d.getUTCSeconds()),
  SSS: (d) => pad(d.getUTCMilliseconds(), 3),
  SS: (d) => pad(Math.floor(d.getUTCMilliseconds() / 10)),
  S: (d) => String(Math.floor(d.getUTCMilliseconds() / 100)),
  A: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  a: (d) => (d.getUTCHours() < 12 ? 'am' : 'pm'),
  ZZ: (_d, _ms, tz) => offset(tz, false),
  Z: (_d, _ms, tz) => offset(tz, true),
  x: (_d, ms) => String(Math.trunc(ms)),
  X: (_d, ms) => String(Math.floor(ms / 1000)),
};
const tokenPattern = new RegExp(`\\[[^\\]]*\\]|${Object.keys(tokens).sort((a, b) => b.length - a.length).join('|')}`, 'g');

/**
 * Formats an instant as moment.js would (the formats `mobile: getDeviceTime` accepts), in the
 * device's time zone. Bracketed text is literal.
 * @example formatDeviceTime(1700000000123, 'x') // '1700000000123'
 * @example formatDeviceTime(1700000000123, 'YYYY-MM-DDTHH:mm:ssZ', 480) // '2023-11-15T06:13:20+08:00'
 */
export function formatDeviceTime(epochMs: number, format: string = DEFAULT_DEVICE_TIME_FORMAT, utcOffsetMinutes = 0): string {
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  return format.replace(tokenPattern, (token) => (token.startsWith('[') ? token.slice(1, -1) : tokens[token]!(local, epochMs, utcOffsetMinutes)));
}
