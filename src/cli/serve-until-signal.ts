/** Keeps a server command alive until SIGINT/SIGTERM, then closes what it started and exits 0. */
export function serveUntilSignal(close: () => Promise<void>, what: string): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`pushlab: ${signal}: closing ${what}\n`);
    const forced = setTimeout(() => {
      process.stderr.write(`pushlab: ${what} did not close within 5 s; exiting anyway\n`);
      process.exit(1);
    }, 5000);
    forced.unref();
    close().then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`pushlab: closing ${what} failed: ${(error as Error).message}\n`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
