import type http from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** A server started on loopback: its base URL and an idempotent close. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 = any) and returns a closer that is safe to call twice. */
export function listen(
  server: http.Server | Http2SecureServer,
  options: { host?: string; port?: number },
  scheme: 'http' | 'https',
  beforeClose: () => void,
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        close: () => (closing ??= new Promise<void>((done) => {
          beforeClose();
          server.close(() => done());
          if ('closeAllConnections' in server) server.closeAllConnections();
        })),
      });
    });
  });
}
