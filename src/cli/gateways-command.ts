import { Command, InvalidArgumentError } from 'commander';
import { startGateways } from '../../mocks/gateways.js';
import { isVendorId, vendorIds, type VendorId } from '../vendors/common/ids.js';
import { serveUntilSignal } from './serve-until-signal.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`a TCP port 1..65535 (got "${value}")`);
  return port;
}

function collectVendor(value: string, previous: VendorId[] = []): VendorId[] {
  if (!isVendorId(value)) throw new InvalidArgumentError(`unknown vendor "${value}"; one of ${vendorIds.join(', ')}`);
  return [...previous, value];
}

/** `pushlab gateways`: every (or the chosen) mock gateway on 127.0.0.1 until SIGINT/SIGTERM. */
export function gatewaysCommand(): Command {
  return new Command('gateways')
    .description('start the mock vendor push gateways on 127.0.0.1 (APNs over TLS + HTTP/2, the others over HTTP/1.1)')
    .option('--json', 'print one JSON object of base URLs (+ caFile, credentialsFile) as the first stdout line')
    .option('--vendor <id>', `only this vendor; repeatable (${vendorIds.join('|')})`, collectVendor)
    .option('--port-base <n>', 'pin ports: N, N+1, … in the order apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { json?: boolean; vendor?: VendorId[]; portBase?: number; host: string }) => {
      const gateways = await startGateways({ vendors: options.vendor, portBase: options.portBase, host: options.host });
      const description = gateways.describe();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(description)}\n`);
      } else {
        for (const [key, value] of Object.entries(description)) process.stdout.write(`${key.padEnd(16)} ${value}\n`);
        process.stdout.write('control API under /__pushlab/ on each; Ctrl-C to stop\n');
      }
      serveUntilSignal(() => gateways.close(), 'the mock gateways');
    });
}
