import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VendorId } from '../vendors/common/ids.js';
import { vendors } from '../vendors/index.js';
import type { AppClient, AppIdentity, ProviderId } from './app-client.js';
import { EasemobAppClient } from './easemob/app-client.js';
import { EasemobCloud } from './easemob/cloud.js';
import { loadEasemobConsole, type EasemobConsole } from './easemob/console.js';
import type { RecordBook } from './records.js';
import { SenderPool } from './senders.js';
import { startCloudServer, type RunningCloudServer } from './server.js';
import { systemCloudClock, type CloudClock } from './timers.js';
import { ZegoAppClient } from './zego/app-client.js';
import { ZegoCloud } from './zego/cloud.js';
import { loadZegoConsole, type ZegoConsole } from './zego/console.js';

export const defaultMockCredentialsFile = fileURLToPath(new URL('../../fixtures/mock-credentials.json', import.meta.url));

export interface CloudOptions {
  /** Mock gateways to push to (what `startGateways()` / `pushlab gateways --json` give). */
  readonly gateways?: { readonly urls: Partial<Record<VendorId, string>>; readonly caFile?: string; readonly credentialsFile?: string };
  /** Environment holding real-gateway credentials (the CLI passes process.env; nothing below reads it). */
  readonly realEnv?: Readonly<Record<string, string | undefined>>;
  /** Vendors pushed through the real gateway whatever the console says. */
  readonly realVendors?: readonly VendorId[];
  /** Console files, or consoles already parsed (tests vary the fixtures). */
  readonly consoles?: { readonly zego?: string | ZegoConsole; readonly easemob?: string | EasemobConsole };
  readonly host?: string;
  /** Ports: zego on `port`, easemob on `port + 1`; 0 (default) = any free port each. */
  readonly port?: number;
  readonly clock?: CloudClock;
  /** Per-request timeout of the vendor senders (default 5000 ms). */
  readonly senderTimeoutMs?: number;
}

export interface RunningClouds {
  readonly urls: { readonly zego: string; readonly easemob: string };
  /** The decision log of one cloud (also at `GET <url>/__pushlab/records`). */
  records(provider: ProviderId): RecordBook;
  /** Per vendor: which gateway a "mock" certificate reaches, or why none. */
  readonly senders: SenderPool;
  readonly clouds: { readonly zego: ZegoCloud; readonly easemob: EasemobCloud };
  close(): Promise<void>;
}

/**
 * Starts the emulated ZEGO and Easemob clouds on loopback, sharing one sender pool.
 * @example
 * const gateways = await startGateways({ vendors: ['xiaomi'] });
 * const clouds = await startClouds({ gateways });
 * const phone = createAppClient({ provider: 'zego', cloudUrl: clouds.urls.zego, appID: '1234567890', appSign, userID: 'bob' });
 */
export async function startClouds(options: CloudOptions = {}): Promise<RunningClouds> {
  const clock = options.clock ?? systemCloudClock;
  const zegoConsole = typeof options.consoles?.zego === 'object' ? options.consoles.zego : loadZegoConsole(options.consoles?.zego);
  const easemobConsole = typeof options.consoles?.easemob === 'object' ? options.consoles.easemob : loadEasemobConsole(options.consoles?.easemob);
  const gateways = options.gateways;
  const senders = new SenderPool({
    registry: vendors,
    gateways: gateways && {
      urls: gateways.urls,
      ca: gateways.caFile ? readFileSync(gateways.caFile) : undefined,
      credentials: JSON.parse(readFileSync(gateways.credentialsFile ?? defaultMockCredentialsFile, 'utf8')),
    },
    realEnv: options.realEnv,
    realVendors: options.realVendors,
    timeoutMs: options.senderTimeoutMs,
  });
  const zego = new ZegoCloud(zegoConsole, senders, clock);
  const easemob = new EasemobCloud(easemobConsole, senders, clock);
  const port = options.port ?? 0;
  const servers: RunningCloudServer[] = [];
  try {
    servers.push(await startCloudServer(zego, { host: options.host, port }));
    servers.push(await startCloudServer(easemob, { host: options.host, port: port === 0 ? 0 : port + 1 }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    await senders.close();
    throw new Error(`could not start the emulated clouds: ${(error as Error).message}`, { cause: error });
  }
  let closing: Promise<void> | undefined;
  return {
    urls: { zego: servers[0]!.url, easemob: servers[1]!.url },
    records: (provider) => (provider === 'zego' ? zego : easemob).records,
    senders,
    clouds: { zego, easemob },
    close: () => (closing ??= (async () => {
      await Promise.all(servers.map((s) => s.close()));
      await senders.close();
    })()),
  };
}

/** The provider SDK inside an app, talking to its emulated cloud at `identity.cloudUrl`. */
export function createAppClient(identity: AppIdentity, options: { timeoutMs?: number } = {}): AppClient {
  return identity.provider === 'zego' ? new ZegoAppClient(identity, options) : new EasemobAppClient(identity, options);
}

export { ManualClock, systemCloudClock, type CloudClock } from './timers.js';
export type { CloudRecord, RecordKind } from './records.js';
export { probeVendor, pluginProbeOrder, type BuildCertificates } from './easemob/probe.js';
export { CloudError } from './frames.js';
