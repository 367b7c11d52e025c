import type { CloudRecord, RecordKind } from '../cloud/records.js';
import { waitFor } from './waits.js';

/** Reads an emulated cloud's decision records (`GET /__pushlab/records`), bounded by a timeout. */
export class CloudRecords {
  constructor(private readonly baseUrl: string, private readonly timeoutMs = 5000) {}

  async list(filter: { invitationID?: string; userID?: string; since?: number } = {}): Promise<CloudRecord[]> {
    const url = new URL('/__pushlab/records', this.baseUrl);
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) url.searchParams.set(key, String(value));
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`GET ${url.pathname} on ${url.origin} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { records: CloudRecord[] };
    return body.records;
  }

  /** Waits until a record of one of these kinds exists for the invitation; says what records there were if none came. */
  async waitForKind(invitationID: string, kinds: readonly RecordKind[], timeoutMs: number): Promise<CloudRecord> {
    return waitFor(`a ${kinds.join('/')} record for invitation ${invitationID}`, async () => {
      const records = await this.list({ invitationID });
      return { value: records.find((r) => kinds.includes(r.kind)), observed: records };
    }, { timeoutMs, intervalMs: 10, describe: (records) => describeRecords(records) });
  }
}

/** "push-sent xiaomi: …; online-delivery: …" — the reasons a spec prints when a phone got nothing. */
export function describeRecords(records: readonly CloudRecord[]): string {
  if (records.length === 0) return 'no cloud records';
  return records.map((r) => `${r.kind}${r.vendor ? ` ${r.vendor}` : ''}${r.deviceId ? ` (${r.deviceId})` : ''}: ${r.reason}`).join('; ');
}
