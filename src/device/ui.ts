import { outgoingStatusTexts, type SimApp } from './app.js';
import { formatDeviceTime } from './device-time.js';
import type { ShadeNotification } from './notification-shade.js';
import type { SimPhone } from './phone.js';

/** What a node is; mapped to an Android widget class or an XCUIElementType. */
export type UiRole = 'window' | 'layout' | 'list' | 'text' | 'button' | 'field' | 'image' | 'icon' | 'cell' | 'card';
export type SwipeDirection = 'up' | 'down' | 'left' | 'right';

/** One element of the simulated screen. `key` identifies it across re-renders (element references hold it). */
export interface UiNode {
  readonly key: string;
  readonly role: UiRole;
  /** Android package that owns the view. */
  readonly pkg: string;
  /** Short resource id (Android `<pkg>:id/<id>` unless it already names a package) / iOS accessibility identifier. */
  readonly id?: string;
  readonly text?: string;
  /** content-desc (Android) / accessibility label (iOS). */
  readonly desc?: string;
  readonly hint?: string;
  readonly children?: readonly UiNode[];
  readonly onTap?: () => Promise<void> | void;
  readonly onInput?: (text: string) => void;
  readonly onSwipe?: (direction: SwipeDirection) => void;
}

export interface Rect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/** A node placed on the screen, with its parent (for tap bubbling) and document-order index. */
export interface PlacedNode {
  readonly node: UiNode;
  readonly rect: Rect;
  readonly parent?: PlacedNode;
  /** Index among its siblings (the `index` attribute). */
  readonly index: number;
  readonly depth: number;
}

export interface Screenshot {
  readonly root: UiNode;
  /** Pre-order, root first (matches the element order of the XML under its wrapper). */
  readonly nodes: readonly PlacedNode[];
  readonly platform: 'android' | 'ios';
  readonly width: number;
  readonly height: number;
}

const SYSTEMUI = 'com.android.systemui';

// ---- building the tree from the phone ------------------------------------------------------------

/** The current screen as a UI tree: lock screen, shade, recents, launcher or the foreground app's page. */
export function buildUi(phone: SimPhone): UiNode {
  if (phone.locked) return lockScreen(phone);
  if (phone.screen === 'notifications') return shade(phone);
  if (phone.screen === 'recents') return recents(phone);
  const app = phone.topApp;
  if (phone.screen === 'app' && app && app.lifecycle === 'foreground') return appWindow(phone, app);
  return launcher(phone);
}

function lockScreen(phone: SimPhone): UiNode {
  const ios = phone.platform === 'ios';
  const pkg = ios ? phone.profile.launcherPackage : SYSTEMUI;
  return {
    key: 'lock', role: 'window', pkg, id: ios ? undefined : `${SYSTEMUI}:id/keyguard_root`, desc: ios ? 'Lock Screen' : undefined,
    children: [
      { key: 'lock:clock', role: 'text', pkg, id: ios ? 'lockscreen_clock' : `${SYSTEMUI}:id/clock_view`, text: formatDeviceTime(phone.now(), 'HH:mm') },
      notificationList(phone, pkg, 'lock'),
      { key: 'lock:hint', role: 'text', pkg, id: ios ? 'lockscreen_hint' : `${SYSTEMUI}:id/keyguard_indication_text`, text: ios ? 'Swipe up to open' : 'Swipe up to unlock', onSwipe: (d) => { if (d === 'up') phone.unlock(); } },
    ],
  };
}

function shade(phone: SimPhone): UiNode {
  const ios = phone.platform === 'ios';
  const pkg = ios ? phone.profile.launcherPackage : SYSTEMUI;
  const visible = phone.shade.visible();
  return {
    key: 'shade', role: 'window', pkg, id: ios ? undefined : `${SYSTEMUI}:id/notification_panel`, desc: ios ? 'Notification Center' : undefined,
    onSwipe: (d) => { if (d === 'up') phone.back(); },
    children: [
      notificationList(phone, pkg, 'shade'),
      ...(ios || visible.length === 0 ? [] : [{ key: 'shade:clear', role: 'button' as const, pkg, id: `${SYSTEMUI}:id/dismiss_text`, text: 'Clear all', onTap: () => { phone.shade.removeWhere((n) => n.isClearable); phone.back(); } }]),
    ],
  };
}

function notificationList(phone: SimPhone, pkg: string, where: string): UiNode {
  const ios = phone.platform === 'ios';
  const visible = phone.shade.visible();
  const rows = visible.map((n) => notificationRow(phone, n, pkg));
  if (rows.length === 0) rows.push({ key: `${where}:empty`, role: 'text', pkg, id: ios ? undefined : `${SYSTEMUI}:id/no_notifications`, text: ios ? 'No Older Notifications' : 'No notifications' });
  return { key: `${where}:list`, role: 'list', pkg, id: ios ? undefined : `${SYSTEMUI}:id/notification_stack_scroller`, children: rows };
}

function notificationRow(phone: SimPhone, n: ShadeNotification, pkg: string): UiNode {
  const tap = () => phone.tapNotification(n.key);
  const actions = n.actions.map((label): UiNode => ({
    key: `notif:${n.key}:action:${label}`, role: 'button', pkg, id: phone.platform === 'ios' ? label : 'android:id/action0', text: label,
    onTap: () => phone.tapNotification(n.key, label),
  }));
  if (phone.platform === 'ios') {
    return {
      key: `notif:${n.key}`, role: 'button', pkg, id: 'NotificationShortLookView', desc: [n.appName, n.title, n.text].filter(Boolean).join(', '), onTap: tap,
      onSwipe: (d) => { if (d === 'left') phone.shade.remove(n.key); },
      children: actions,
    };
  }
  return {
    key: `notif:${n.key}`, role: 'card', pkg, id: `${SYSTEMUI}:id/expandableNotificationRow`, desc: `${n.appName} notification: ${n.title}`, onTap: tap,
    onSwipe: (d) => { if ((d === 'left' || d === 'right') && n.isClearable) phone.shade.remove(n.key); },
    children: [
      { key: `notif:${n.key}:app`, role: 'text', pkg, id: 'android:id/app_name_text', text: n.appName },
      { key: `notif:${n.key}:title`, role: 'text', pkg, id: 'android:id/title', text: n.title },
      { key: `notif:${n.key}:text`, role: 'text', pkg, id: 'android:id/text', text: n.text },
      ...(actions.length ? [{ key: `notif:${n.key}:actions`, role: 'layout' as const, pkg, id: 'android:id/actions', children: actions }] : []),
    ],
  };
}

function recents(phone: SimPhone): UiNode {
  const ios = phone.platform === 'ios';
  const pkg = phone.profile.launcherPackage;
  const apps = phone.recents();
  const cards: UiNode[] = apps.map((app) => ({
    key: `recents:${app.appId}`, role: 'card', pkg, id: ios ? `card:${app.appId}` : `${pkg}:id/snapshot`, desc: app.name,
    onTap: () => { phone.launch(app.appId); },
    onSwipe: (d) => { if (d === 'up') phone.swipeAway(app.appId); },
    children: [{ key: `recents:${app.appId}:title`, role: 'text', pkg, id: ios ? undefined : `${pkg}:id/title`, text: app.name }],
  }));
  if (cards.length === 0) cards.push({ key: 'recents:empty', role: 'text', pkg, text: 'No recent items' });
  return {
    key: 'recents', role: 'window', pkg, id: ios ? undefined : `${pkg}:id/overview_panel`, desc: ios ? 'App Switcher' : undefined,
    children: [
      { key: 'recents:list', role: 'list', pkg, id: ios ? undefined : `${pkg}:id/recents_view`, children: cards },
      ...(!ios && apps.length ? [{ key: 'recents:clear', role: 'button' as const, pkg, id: `${pkg}:id/clear_all`, text: 'Clear all', onTap: () => phone.clearRecents() }] : []),
    ],
  };
}

function launcher(phone: SimPhone): UiNode {
  const ios = phone.platform === 'ios';
  const pkg = phone.profile.launcherPackage;
  return {
    key: 'home', role: 'window', pkg, id: ios ? undefined : `${pkg}:id/workspace`, desc: ios ? 'Home screen icons' : undefined,
    children: phone.apps().map((app) => ({ key: `home:${app.appId}`, role: 'icon' as const, pkg, text: app.name, desc: app.name, onTap: () => { phone.launch(app.appId); } })),
  };
}

function appWindow(phone: SimPhone, app: SimApp): UiNode {
  const pkg = app.appId;
  const n = (id: string, role: UiRole, text?: string, extra: Partial<UiNode> = {}): UiNode => ({ key: `app:${pkg}:${id}`, role, pkg, id, ...(text !== undefined ? { text } : {}), ...extra });
  const act = (work: () => Promise<void> | void) => () => { const p = Promise.resolve(work()); phone.track(p); return p; };
  const page = app.page;
  let children: UiNode[];
  switch (page.name) {
    case 'login':
      children = [
        n('login_title', 'text', `Log in to ${app.name}`),
        n('login_user_id', 'field', app.typedUserId, { hint: 'User ID', onInput: (t) => { app.typedUserId = t; } }),
        ...(page.error ? [n('login_error', 'text', page.error)] : []),
        n('login_button', 'button', 'Log in', { onTap: act(() => app.login(app.typedUserId)) }),
      ];
      break;
    case 'home':
      children = [
        n('home_user_id', 'text', `Logged in as ${app.user ?? '…'}`),
        n('home_connection', 'text', app.connected ? 'Online' : 'Offline'),
        n('push_status', 'text', app.pushStatus),
        // The call buttons: ZegoSendCallInvitationButton (voice and video) for the user typed above them.
        n('invite_user_id', 'field', app.typedInvitee, { hint: 'User ID to call', onInput: (t) => { app.typedInvitee = t; } }),
        ...(page.error ? [n('home_error', 'text', page.error)] : []),
        n('invite_voice', 'button', 'Voice call', { onTap: act(() => app.invite('voice')) }),
        n('invite_video', 'button', 'Video call', { onTap: act(() => app.invite('video')) }),
        n('logout_button', 'button', 'Log out', { onTap: act(() => app.logout()) }),
      ];
      break;
    case 'outgoing': {
      const ended = page.status !== 'calling' && page.status !== 'accepted';
      children = [
        n('outgoing_callee', 'text', page.call.callee),
        n('outgoing_type', 'text', `Outgoing ${page.call.type} call`),
        n('outgoing_status', 'text', outgoingStatusTexts[page.status]),
        ...(page.note ? [n('outgoing_note', 'text', page.note)] : []),
        ...(page.status === 'calling' ? [n('outgoing_cancel', 'button', 'Cancel', { onTap: act(() => app.cancelOutgoing()) })] : []),
        ...(ended ? [n('outgoing_dismiss', 'button', 'OK', { onTap: () => app.dismissOutgoing() })] : []),
      ];
      break;
    }
    case 'incoming': {
      const inv = page.invitation;
      children = [
        n('incoming_caller', 'text', inv.inviter.userName ?? inv.inviter.userID),
        n('incoming_type', 'text', `Incoming ${inv.type} call`),
        n('incoming_accept', 'button', 'Accept', { onTap: act(() => app.acceptCall()) }),
        n('incoming_decline', 'button', 'Decline', { onTap: act(() => app.declineCall()) }),
      ];
      break;
    }
    case 'missed': {
      const inv = page.invitation;
      children = [
        n('missed_call', 'text', `Missed call from ${inv.inviter.userName ?? inv.inviter.userID}`),
        n('missed_reason', 'text', page.reason),
        n('missed_dismiss', 'button', 'OK', { onTap: () => app.dismissMissed() }),
      ];
      break;
    }
    case 'in-call': {
      children = [
        n('call_peer', 'text', page.peer),
        n('call_status', 'text', page.connected ? 'Connected' : 'Connecting…'),
        ...(page.connected ? [n('call_connected', 'image', undefined, { desc: 'Call connected' })] : []),
        n('call_hangup', 'button', 'Hang up', { onTap: act(() => app.hangUp()) }),
      ];
      break;
    }
  }
  return {
    key: `app:${pkg}`, role: 'window', pkg, desc: phone.platform === 'ios' ? app.name : undefined,
    children: [{ key: `app:${pkg}:content`, role: 'layout', pkg, id: phone.platform === 'ios' ? undefined : 'android:id/content', children }],
  };
}

// ---- layout -----------------------------------------------------------------------------------

/** Places every node: children stacked top to bottom inside their parent, leaves one row high. */
export function snapshotOf(root: UiNode, platform: 'android' | 'ios', width: number, height: number): Screenshot {
  const row = platform === 'ios' ? 44 : 132;
  const pad = platform === 'ios' ? 8 : 24;
  const top = platform === 'ios' ? 54 : 96;
  const heightOf = (node: UiNode): number => (node.children?.length ? node.children.reduce((sum, c) => sum + heightOf(c), 0) + 2 * pad : row);
  const nodes: PlacedNode[] = [];
  const place = (node: UiNode, rect: Rect, parent: PlacedNode | undefined, index: number, depth: number) => {
    const placed: PlacedNode = { node, rect, parent, index, depth };
    nodes.push(placed);
    let y = rect.y + (depth === 0 ? top : pad);
    node.children?.forEach((child, i) => {
      const h = heightOf(child);
      place(child, { x: rect.x + pad, y, width: Math.max(1, rect.width - 2 * pad), height: h }, placed, i, depth + 1);
      y += h;
    });
  };
  place(root, { x: 0, y: 0, width, height }, undefined, 0, 0);
  return { root, nodes, platform, width, height };
}

/** The screen as a tree with coordinates. */
export function screenOf(phone: SimPhone): Screenshot {
  return snapshotOf(buildUi(phone), phone.platform, phone.profile.screen.width, phone.profile.screen.height);
}

/** The deepest node under a point that reacts to `want` (tap or swipe), for W3C actions by coordinates. */
export function hitTest(shot: Screenshot, x: number, y: number, want: 'onTap' | 'onSwipe'): PlacedNode | undefined {
  let best: PlacedNode | undefined;
  for (const p of shot.nodes) {
    const r = p.rect;
    if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height && p.node[want] && (!best || p.depth >= best.depth)) best = p;
  }
  return best;
}

/** The node itself or its nearest ancestor with a handler: what a tap on an element reaches. */
export function handlerFor(placed: PlacedNode, want: 'onTap' | 'onSwipe'): PlacedNode | undefined {
  for (let p: PlacedNode | undefined = placed; p; p = p.parent) if (p.node[want]) return p;
  return undefined;
}

// ---- attributes -------------------------------------------------------------------------------

const androidClasses = {
  window: 'android.widget.FrameLayout', layout: 'android.widget.LinearLayout', list: 'androidx.recyclerview.widget.RecyclerView',
  text: 'android.widget.TextView', button: 'android.widget.Button', field: 'android.widget.EditText', image: 'android.widget.ImageView',
  icon: 'android.widget.TextView', cell: 'android.widget.LinearLayout', card: 'android.widget.FrameLayout',
} as const satisfies Record<UiRole, string>;

const iosTypes = {
  window: 'XCUIElementTypeWindow', layout: 'XCUIElementTypeOther', list: 'XCUIElementTypeTable', text: 'XCUIElementTypeStaticText',
  button: 'XCUIElementTypeButton', field: 'XCUIElementTypeTextField', image: 'XCUIElementTypeImage', icon: 'XCUIElementTypeIcon',
  cell: 'XCUIElementTypeCell', card: 'XCUIElementTypeOther',
} as const satisfies Record<UiRole, string>;

/** The full Android resource id of a node ('' when it has none). */
export function resourceIdOf(node: UiNode): string {
  if (!node.id) return '';
  return node.id.includes(':id/') ? node.id : `${node.pkg}:id/${node.id}`;
}

/** The attributes UiAutomator2 reports for a node, in its order. */
export function androidAttributes(p: PlacedNode): [string, string][] {
  const { node, rect } = p;
  const text = node.role === 'field' ? node.text || node.hint || '' : node.text ?? '';
  const clickable = Boolean(node.onTap || node.onInput);
  const attrs: [string, string][] = [
    ['index', String(p.index)],
    ['package', node.pkg],
    ['class', androidClasses[node.role]],
    ['text', text],
  ];
  if (node.desc !== undefined) attrs.push(['content-desc', node.desc]);
  if (node.hint !== undefined) attrs.push(['hint', node.hint]);
  attrs.push(
    ['resource-id', resourceIdOf(node)],
    ['checkable', 'false'], ['checked', 'false'],
    ['clickable', String(clickable)],
    ['enabled', 'true'],
    ['focusable', String(clickable)], ['focused', 'false'],
    ['long-clickable', 'false'], ['password', 'false'],
    ['scrollable', String(node.role === 'list')], ['selected', 'false'],
    ['bounds', `[${rect.x},${rect.y}][${rect.x + rect.width},${rect.y + rect.height}]`],
    ['displayed', 'true'],
  );
  return attrs;
}

/** The attributes XCUITest reports for a node. */
export function iosAttributes(p: PlacedNode): [string, string][] {
  const { node, rect } = p;
  const type = p.depth === 0 ? 'XCUIElementTypeApplication' : iosTypes[node.role];
  const label = node.desc ?? (node.role === 'field' ? undefined : node.text);
  const name = node.id ?? label;
  const value = node.role === 'field' ? (node.text || node.hint) : undefined;
  const attrs: [string, string][] = [['type', type]];
  if (value !== undefined) attrs.push(['value', value]);
  if (name !== undefined) attrs.push(['name', name]);
  if (label !== undefined) attrs.push(['label', label]);
  attrs.push(
    ['enabled', 'true'], ['visible', 'true'],
    ['accessible', String(node.role !== 'window' && node.role !== 'layout' && node.role !== 'list')],
    ['x', String(rect.x)], ['y', String(rect.y)], ['width', String(rect.width)], ['height', String(rect.height)],
    ['index', String(p.index)],
  );
  return attrs;
}

export function attributesOf(p: PlacedNode, platform: 'android' | 'ios'): [string, string][] {
  return platform === 'ios' ? iosAttributes(p) : androidAttributes(p);
}

/** The element's tag in the page source. */
export function tagOf(p: PlacedNode, platform: 'android' | 'ios'): string {
  return platform === 'ios' ? (p.depth === 0 ? 'XCUIElementTypeApplication' : iosTypes[p.node.role]) : androidClasses[p.node.role];
}

// ---- XML ----------------------------------------------------------------------------------------

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The page source, in UiAutomator2's shape for Android (`<hierarchy rotation="0">…`) and
 * XCUITest's for iOS (`<AppiumAUT><XCUIElementTypeApplication …>`).
 */
export function pageSource(shot: Screenshot): string {
  const out: string[] = [];
  const ios = shot.platform === 'ios';
  out.push(ios ? '<?xml version="1.0" encoding="UTF-8"?>\n<AppiumAUT>\n' : `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<hierarchy index="0" class="hierarchy" rotation="0" width="${shot.width}" height="${shot.height}">\n`);
  const children = new Map<PlacedNode, PlacedNode[]>();
  for (const p of shot.nodes) if (p.parent) (children.get(p.parent) ?? children.set(p.parent, []).get(p.parent)!).push(p);
  const write = (p: PlacedNode) => {
    const indent = '  '.repeat(p.depth + 1);
    const tag = tagOf(p, shot.platform);
    const attrs = attributesOf(p, shot.platform).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    const kids = children.get(p);
    if (!kids) { out.push(`${indent}<${tag}${attrs} />\n`); return; }
    out.push(`${indent}<${tag}${attrs}>\n`);
    for (const k of kids) write(k);
    out.push(`${indent}</${tag}>\n`);
  };
  write(shot.nodes[0]!);
  out.push(ios ? '</AppiumAUT>' : '</hierarchy>');
  return out.join('');
}

/** The element's centre, where a click lands. */
export function centreOf(rect: Rect): { x: number; y: number } {
  return { x: Math.round(rect.x + rect.width / 2), y: Math.round(rect.y + rect.height / 2) };
}
