import type { VendorId } from '../vendors/common/ids.js';
import type { EventFrame } from './frames.js';

/** One logged-in long connection. */
export interface Session {
  readonly id: string;
  readonly userID: string;
  readonly userName?: string;
  /** The device this connection belongs to (from login or the push registration). */
  deviceId: string;
  /** No device id came with the login: the device lives only as long as this connection (unless it binds a push token). */
  ephemeral: boolean;
  /** What the SDK last reported; a fresh login counts as foreground. */
  appState: 'foreground' | 'background';
  send(event: EventFrame): void;
}

/** A device's push binding: the vendor channel the plugin picked, its token, and the build's settings. */
export interface PushBinding {
  readonly vendor: VendorId;
  readonly token: string;
  readonly certificateName?: string;
  readonly offlinePushConfig?: Readonly<Record<string, unknown>>;
  readonly enableOfflinePush?: boolean;
  readonly boundAt: number;
}

/** A device of a user: online while a session is attached; reachable offline only through its push binding. */
export interface DeviceEntry {
  readonly userID: string;
  readonly deviceId: string;
  session?: Session;
  push?: PushBinding;
  /** Last reported app state, kept after the connection drops. */
  appState: 'foreground' | 'background';
}

/** Who is known, which devices they have, and which are connected right now. */
export class Directory {
  readonly #users = new Map<string, { userName?: string; devices: Map<string, DeviceEntry> }>();

  known(userID: string): boolean { return this.#users.has(userID); }

  devices(userID: string): DeviceEntry[] { return [...(this.#users.get(userID)?.devices.values() ?? [])]; }

  device(userID: string, deviceId: string): DeviceEntry | undefined { return this.#users.get(userID)?.devices.get(deviceId); }

  userName(userID: string): string | undefined { return this.#users.get(userID)?.userName; }

  /** Makes a user known without a device (a console account that never logged in). */
  addUser(userID: string, userName?: string): void {
    if (!this.#users.has(userID)) this.#users.set(userID, { userName, devices: new Map() });
  }

  /** Puts a session on its device (creating both as needed); a previous session on that device is replaced. */
  attach(session: Session): { device: DeviceEntry; replaced?: Session } {
    this.addUser(session.userID, session.userName);
    const user = this.#users.get(session.userID)!;
    if (session.userName) user.userName = session.userName;
    const device = user.devices.get(session.deviceId) ?? { userID: session.userID, deviceId: session.deviceId, appState: 'foreground' as const };
    const replaced = device.session && device.session !== session ? device.session : undefined;
    device.session = session;
    device.appState = session.appState;
    user.devices.set(session.deviceId, device);
    return { device, replaced };
  }

  /** Moves a session to another device id (the push registration named the device). */
  rename(session: Session, deviceId: string): DeviceEntry {
    const user = this.#users.get(session.userID);
    const old = user?.devices.get(session.deviceId);
    if (old?.session === session) {
      old.session = undefined;
      if (session.ephemeral && !old.push) user!.devices.delete(session.deviceId);
    }
    session.deviceId = deviceId;
    session.ephemeral = false;
    return this.attach(session).device;
  }

  /** The session's connection is gone; the device stays known (offline), unless it was only this connection's. */
  detach(session: Session): DeviceEntry | undefined {
    const user = this.#users.get(session.userID);
    const device = user?.devices.get(session.deviceId);
    if (!device || device.session !== session) return undefined;
    device.session = undefined;
    if (session.ephemeral && !device.push) user!.devices.delete(session.deviceId);
    return device;
  }

  /** Every connected session of a user. */
  sessions(userID: string): Session[] {
    return this.devices(userID).flatMap((d) => (d.session ? [d.session] : []));
  }
}
