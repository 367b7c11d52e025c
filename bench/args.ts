/** What the bench scripts share: their numeric flags and the median they report. */

/** `--<name> <n>` from the command line, a positive integer, or `fallback` when the flag is absent. */
export function positiveIntegerOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got ${process.argv[i + 1]})`);
  return value;
}

/** The middle value, or the mean of the two middle values of an even count. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
