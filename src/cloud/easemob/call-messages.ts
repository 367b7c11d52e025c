/**
 * How a call travels over Easemob IM: custom messages (`type: 'custom'`) with these `customEvent`
 * names — pushlab's own convention, since the plugin doc leaves call signalling to the app. The
 * invite carries the push title/content in `ext.em_apns_ext` (em_push_title / em_push_content, the
 * SDK's documented keys: doc.easemob.com/document/android/push/push_display_field.html); the answers
 * and the cancel carry `ext.em_ignore_notification: true` (a silent message: no push to offline
 * users; docs.agora.io …/offline-push/offline-push-extension).
 */
export const callEvents = {
  invite: 'pushlab_call_invite',
  accept: 'pushlab_call_accept',
  refuse: 'pushlab_call_refuse',
  cancel: 'pushlab_call_cancel',
} as const;
export type CallEvent = (typeof callEvents)[keyof typeof callEvents];

/** `customExts` of an invite (all strings, as custom message exts are string maps). */
export interface InviteExts {
  readonly invitationID: string;
  readonly callID: string;
  readonly type: 'voice' | 'video';
  /** Seconds, as a decimal string. */
  readonly timeout: string;
  readonly inviterName?: string;
  readonly data?: string;
}

/** `customExts` of an accept / refuse / cancel. */
export interface AnswerExts {
  readonly invitationID: string;
  /** refuse: declined | busy; cancel: cancelled | timeout. */
  readonly reason?: string;
}

/** A message as the cloud hands it to an app. */
export interface ImMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly type: 'txt' | 'custom';
  readonly msg?: string;
  readonly customEvent?: string;
  readonly customExts?: Readonly<Record<string, string>>;
  readonly ext?: Readonly<Record<string, unknown>>;
  /** Cloud clock, epoch ms. */
  readonly time: number;
}

/** Easemob's defaults for a push without em_push_title / em_push_content (doc.easemob.com/push/push_notification_config.html). */
export const defaultPushText = { title: '您有一条新消息', content: '请及时查看' } as const;
