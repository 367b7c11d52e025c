import { startGateways, type RunningGateways } from '../../../mocks/gateways.js';
import type { AppClient, Invitation, InvitationAnswer, InvitationEndReason } from '../../../src/cloud/app-client.js';
import { createAppClient, ManualClock, startClouds, type RunningClouds } from '../../../src/cloud/index.js';
import type { EasemobConsole } from '../../../src/cloud/easemob/console.js';
import type { CloudRecord } from '../../../src/cloud/records.js';
import type { ZegoConsole } from '../../../src/cloud/zego/console.js';
import type { VendorId } from '../../../src/vendors/common/ids.js';
import { connectDevice } from '../../support/device.js';

/** The demo app's ZEGO credentials (fixtures/cloud/zego.json, fixtures/builds/zego-demo.json). */
export const ZEGO_APP = { appID: '1234567890', appSign: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' } as const;
export const EASEMOB_APP_KEY = 'pushlab#demo';
/** The app id the mock credentials' packageName/bundleId names. */
export const APP = 'com.pushlab.demo';

export interface Lab {
  readonly gateways: RunningGateways;
  readonly clouds: RunningClouds;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** Mock gateways for these vendors plus both clouds on a manual clock, all on 127.0.0.1 port 0. */
export async function startLab(options: { vendors?: readonly VendorId[]; zego?: ZegoConsole; easemob?: EasemobConsole } = {}): Promise<Lab> {
  const gateways = await startGateways({ vendors: options.vendors ?? ['xiaomi'] });
  const clock = new ManualClock();
  const clouds = await startClouds({ gateways, clock, consoles: { zego: options.zego, easemob: options.easemob } });
  return { gateways, clouds, clock, close: async () => { await clouds.close(); await gateways.close(); } };
}

/** An app client that remembers what its listeners heard. */
export interface Heard {
  readonly client: AppClient;
  readonly invitations: Invitation[];
  readonly ended: { invitationID: string; reason: InvitationEndReason }[];
  readonly answered: { invitationID: string; userID: string; answer: InvitationAnswer }[];
}

export function listen(client: AppClient): Heard {
  const heard: Heard = { client, invitations: [], ended: [], answered: [] };
  client.onInvitation((invitation) => heard.invitations.push(invitation));
  client.onInvitationEnded((invitationID, reason) => heard.ended.push({ invitationID, reason }));
  client.onInvitationAnswered((invitationID, userID, answer) => heard.answered.push({ invitationID, userID, answer }));
  return heard;
}

export async function zegoUser(lab: Lab, userID: string, options: { deviceId?: string } = {}): Promise<Heard> {
  const heard = listen(createAppClient({ provider: 'zego', cloudUrl: lab.clouds.urls.zego, ...ZEGO_APP, userID, userName: userID.toUpperCase(), deviceId: options.deviceId }));
  await heard.client.connect();
  return heard;
}

export async function easemobUser(lab: Lab, userID: string, options: { deviceId?: string; password?: string } = {}): Promise<Heard> {
  const heard = listen(createAppClient({ provider: 'easemob', cloudUrl: lab.clouds.urls.easemob, appID: EASEMOB_APP_KEY, userID, userName: userID, password: options.password ?? userID, deviceId: options.deviceId }));
  await heard.client.connect();
  return heard;
}

/** A phone's system push service for one vendor (the device channel of the mock gateway). */
export function phone(lab: Lab, vendor: VendorId = 'xiaomi', app: string = APP): ReturnType<typeof connectDevice> {
  return connectDevice(lab.gateways.urls[vendor]!, app);
}

/** Waits until `check` holds (listener-driven state), polling every 10 ms. */
export async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records of one kind for a user, in order. */
export function recordsOf(lab: Lab, provider: 'zego' | 'easemob', filter: { userID?: string; invitationID?: string; kind?: CloudRecord['kind'] }): CloudRecord[] {
  return lab.clouds.records(provider).list(filter);
}

/** A short wait that lets a push that should NOT arrive have its chance to. */
export const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms));
