/** Who built a notification: the OS from a vendor push (system channel), or the app itself. */
export type PostedBy = 'system' | 'app';

/** One notification as the phone keeps it (the fields UiAutomator2's getNotifications reports, plus what a tap needs). */
export interface ShadeNotification {
  readonly id: number;
  readonly tag: string | null;
  /** `<userId>|<package>|<id>|<tag>|<uid>`, as Android's StatusBarNotification.getKey(). */
  readonly key: string;
  readonly packageName: string;
  readonly appName: string;
  /** Epoch ms on the device clock. */
  readonly postTime: number;
  readonly title: string;
  readonly text: string;
  readonly channelId?: string;
  readonly postedBy: PostedBy;
  /** Action buttons, e.g. ['Accept', 'Decline'] on an app-posted call notification. */
  readonly actions: readonly string[];
  /** Extras handed to the app when the notification is tapped (the push's data map). */
  readonly data: Readonly<Record<string, string>>;
  readonly messageId?: string;
  readonly isOngoing: boolean;
  readonly isClearable: boolean;
  isRemoved: boolean;
}

export type NewNotification = Omit<ShadeNotification, 'id' | 'key' | 'isRemoved' | 'isOngoing' | 'isClearable' | 'tag'> & { readonly tag?: string | null; readonly isOngoing?: boolean };

/** UiAutomator2's notification listener keeps this many, removed ones included (appium-notes.md). */
export const SHADE_CAPACITY = 100;

/** The notification shade: newest first, at most 100 kept, removed ones flagged rather than forgotten. */
export class NotificationShade {
  #items: ShadeNotification[] = [];
  #nextId = 1;

  /** Posts a notification; one with the same package and tag replaces the earlier one (Android's notify(tag, id) rule). */
  post(n: NewNotification, uid = 10_234): ShadeNotification {
    const tag = n.tag ?? null;
    if (tag !== null) for (const old of this.#items) if (!old.isRemoved && old.packageName === n.packageName && old.tag === tag) old.isRemoved = true;
    const id = this.#nextId++;
    const posted: ShadeNotification = {
      ...n,
      id,
      tag,
      key: `0|${n.packageName}|${id}|${tag}|${uid}`,
      isOngoing: n.isOngoing ?? false,
      isClearable: !(n.isOngoing ?? false),
      isRemoved: false,
    };
    this.#items.unshift(posted);
    if (this.#items.length > SHADE_CAPACITY) this.#items.length = SHADE_CAPACITY;
    return posted;
  }

  /** Marks one removed (tapped with auto-cancel, dismissed, cancelled by its app); false when unknown or already gone. */
  remove(key: string): boolean {
    const n = this.#items.find((x) => x.key === key && !x.isRemoved);
    if (!n) return false;
    n.isRemoved = true;
    return true;
  }

  /** Removes what matches (an app cancelling its notifications, an uninstall). */
  removeWhere(match: (n: ShadeNotification) => boolean): number {
    let count = 0;
    for (const n of this.#items) if (!n.isRemoved && match(n)) { n.isRemoved = true; count++; }
    return count;
  }

  /** Shown notifications, newest first. */
  visible(): ShadeNotification[] { return this.#items.filter((n) => !n.isRemoved); }
  /** Everything kept, removed ones included, newest first (what getNotifications lists). */
  all(): readonly ShadeNotification[] { return this.#items; }
  find(key: string): ShadeNotification | undefined { return this.#items.find((n) => n.key === key); }
}
