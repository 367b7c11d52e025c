import http from 'node:http';
import https from 'node:https';

/**
 * Calls a mock gateway's control API (`/__pushlab/…`) over HTTP/1.1, trusting the mock CA for the
 * APNs mock's TLS port. Bounded by a timeout; rejects with the status and body on non-2xx.
 */
export function controlRequest<T = any>(baseUrl: string, method: string, path: string, body?: unknown, options: { ca?: string | Buffer; timeoutMs?: number } = {}): Promise<T> {
  const url = new URL(`/__pushlab/${path.replace(/^\/+/, '')}`, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const timeoutMs = options.timeoutMs ?? 5000;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method,
      ca: options.ca,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      timeout: timeoutMs,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        let parsed: unknown;
        try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${url.pathname} on the mock answered ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(parsed as T);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} on ${url.origin}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
