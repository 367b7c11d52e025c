import { formatDeviceTime } from './device-time.js';
import type { SimPhone } from './phone.js';
import { swipe, tapAt } from './gestures.js';

/** What `adb shell` gave back. */
export interface ShellResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Android key codes the sim acts on (android.view.KeyEvent). */
export const keyCodes = {
  KEYCODE_HOME: 3,
  KEYCODE_BACK: 4,
  KEYCODE_POWER: 26,
  KEYCODE_MENU: 82,
  KEYCODE_NOTIFICATION: 83,
  KEYCODE_APP_SWITCH: 187,
  KEYCODE_SLEEP: 223,
  KEYCODE_WAKEUP: 224,
} as const;
export type KeyName = keyof typeof keyCodes;

/** Presses a key by code: HOME, BACK, POWER, APP_SWITCH (recents), SLEEP, WAKEUP, NOTIFICATION (shade); others do nothing. */
export function pressKey(phone: SimPhone, code: number): void {
  switch (code) {
    case keyCodes.KEYCODE_HOME: phone.home(); break;
    case keyCodes.KEYCODE_BACK: phone.back(); break;
    case keyCodes.KEYCODE_POWER: phone.power(); break;
    case keyCodes.KEYCODE_APP_SWITCH: phone.openRecents(); break;
    case keyCodes.KEYCODE_SLEEP: phone.lock(); break;
    case keyCodes.KEYCODE_WAKEUP: phone.wake(); break;
    case keyCodes.KEYCODE_NOTIFICATION: phone.openNotifications(); break;
    default: break;
  }
}

/**
 * Splits a shell line into a pipeline of argv arrays: whitespace separates words, '…' and "…" quote,
 * backslash escapes, `|` pipes. No globbing, no variables.
 * @example parseCommandLine(`dumpsys window | grep -i 'current focus'`) // [['dumpsys','window'],['grep','-i','current focus']]
 */
export function parseCommandLine(line: string): string[][] {
  const pipeline: string[][] = [[]];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  const end = () => { if (word !== undefined) pipeline.at(-1)!.push(word); word = undefined; };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') { quote = c; word ??= ''; continue; }
    if (c === '\\' && i + 1 < line.length) { word = (word ?? '') + line[++i]; continue; }
    if (/\s/.test(c)) { end(); continue; }
    if (c === '|') { end(); pipeline.push([]); continue; }
    word = (word ?? '') + c;
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${line}`);
  end();
  return pipeline.filter((argv) => argv.length > 0);
}

const ok = (stdout = ''): ShellResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1, stdout = ''): ShellResult => ({ stdout, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });
const line = (s: string) => (s.endsWith('\n') || s === '' ? s : `${s}\n`);

/** Drops `--user N` options, which the sim ignores (one user). */
function withoutUser(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--user') { i++; continue; }
    out.push(args[i]!);
  }
  return out;
}

type Handler = (phone: SimPhone, args: string[]) => ShellResult | Promise<ShellResult>;

/**
 * The adb shell commands testers use to put a phone in a state, with real output shapes.
 * @note Mapping choices: `am set-inactive <pkg> true` freezes a background app (process alive, its
 * long connection dropped — the sim's "frozen" state); `appops set <pkg> POST_NOTIFICATION ignore`
 * and `pm revoke <pkg> android.permission.POST_NOTIFICATIONS` turn the app's notifications off.
 */
export const shellCommands: Record<string, Handler> = {
  am: async (phone, rawArgs) => {
    const [sub, ...rest] = rawArgs;
    const args = withoutUser(rest);
    const pkgOf = (name: string | undefined) => {
      if (!name) return undefined;
      return phone.isInstalled(name) ? name : undefined;
    };
    switch (sub) {
      case 'force-stop': {
        const pkg = pkgOf(args[0]);
        if (pkg) phone.forceStop(pkg);
        return ok();
      }
      case 'kill': {
        const pkg = pkgOf(args[0]);
        if (pkg) phone.kill(pkg);
        return ok();
      }
      case 'kill-all':
        for (const app of phone.apps()) if (app.lifecycle === 'background' || app.lifecycle === 'frozen') phone.kill(app.appId);
        return ok();
      case 'start':
      case 'start-activity': {
        let component: string | undefined;
        let action: string | undefined;
        let data: string | undefined;
        let pkg: string | undefined;
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          if (a === '-n') component = args[++i];
          else if (a === '-a') action = args[++i];
          else if (a === '-d') data = args[++i];
          else if (a === '-c' || a === '-t' || a === '-f' || a === '--es' || a === '--ei' || a === '--ez') { i += a.startsWith('--') ? 2 : 1; }
          else if (!a.startsWith('-')) pkg = a;
        }
        const target = component ? component.split('/')[0] : pkg;
        const intent = `Intent { ${action ? `act=${action} ` : ''}${data ? `dat=${data} ` : ''}${component ? `cmp=${component} ` : target ? `pkg=${target} ` : ''}}`;
        if (!target || !phone.isInstalled(target)) return ok(`Starting: ${intent}\nError: Activity not started, unable to resolve ${intent}\n`);
        phone.launch(target);
        return ok(`Starting: ${intent}\n`);
      }
      case 'set-inactive': {
        const [pkg, value] = args;
        if (!pkg || (value !== 'true' && value !== 'false')) return fail('Error: set-inactive needs <PACKAGE> true|false', 255);
        if (phone.isInstalled(pkg)) phone.setInactive(pkg, value === 'true');
        return ok();
      }
      case 'get-inactive': {
        const app = args[0] ? phone.app(args[0]) : undefined;
        return ok(`Idle=${app ? String(app.inactive) : 'false'}\n`);
      }
      case undefined:
        return fail('usage: am [subcommand] [options]', 255);
      default:
        return fail(`Error: Unknown command: ${sub}`, 255);
    }
  },

  monkey: (phone, args) => {
    const i = args.indexOf('-p');
    const pkg = i >= 0 ? args[i + 1] : undefined;
    if (!pkg || !phone.isInstalled(pkg)) return fail('** No activities found to run, monkey aborted.', 251, '  bash arg: -p\n');
    phone.launch(pkg);
    return ok(`  bash arg: -p\n  bash arg: ${pkg}\nEvents injected: 1\n## Network stats: elapsed time=12ms (0ms mobile, 0ms wifi, 12ms not connected)\n`);
  },

  input: async (phone, args) => {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'keyevent': {
        for (const k of rest) {
          if (k === '--longpress') continue;
          const code = /^\d+$/.test(k) ? Number(k) : keyCodes[(k.startsWith('KEYCODE_') ? k : `KEYCODE_${k}`) as KeyName];
          if (code === undefined) return fail(`Error: Unknown keycode: ${k}`, 1);
          pressKey(phone, code);
        }
        return ok();
      }
      case 'tap': {
        const [x, y] = rest.map(Number);
        if (!Number.isFinite(x) || !Number.isFinite(y)) return fail('Error: input tap needs <x> <y>', 1);
        await tapAt(phone, x!, y!);
        return ok();
      }
      case 'swipe': {
        const [x1, y1, x2, y2, ms] = rest.map(Number);
        if ([x1, y1, x2, y2].some((v) => !Number.isFinite(v))) return fail('Error: input swipe needs <x1> <y1> <x2> <y2> [duration(ms)]', 1);
        swipe(phone, x1!, y1!, x2!, y2!, Number.isFinite(ms) ? ms : 300);
        return ok();
      }
      case 'text': {
        return ok();
      }
      default:
        return fail(`Error: Unknown command: ${sub ?? '(none)'}`, 1);
    }
  },

  cmd: (phone, args) => {
    const [service, ...rest] = args;
    switch (service) {
      case 'deviceidle': return deviceIdle(phone, rest);
      case 'appops': return shellCommands.appops!(phone, rest);
      case 'connectivity':
        if (rest[0] === 'airplane-mode' && (rest[1] === 'enable' || rest[1] === 'disable')) {
          phone.setNetwork({ wifi: rest[1] === 'disable', data: rest[1] === 'disable' });
          return ok();
        }
        return fail(`Unknown command: ${rest.join(' ')}`, 255);
      case undefined: return fail('cmd: no service specified; use -l to list all services', 255);
      default: return fail(`cmd: ${service}: not supported by PushSim (supported: deviceidle, appops, connectivity airplane-mode)`, 255);
    }
  },

  dumpsys: (phone, args) => {
    const [service, ...rest] = args;
    switch (service) {
      case 'deviceidle': return rest.length ? deviceIdle(phone, rest) : ok(`  mState=${phone.deepIdle} mLightState=${phone.dozing ? 'OVERRIDE' : 'ACTIVE'}\n  mScreenOn=${phone.screenOn}\n  mForceIdle=${phone.dozing}\n`);
      case 'notification': return ok(dumpsysNotification(phone));
      case 'window': {
        const top = phone.topApp;
        const focus = phone.locked ? 'Window{1b2c3d4 u0 NotificationShade}' : top && phone.screen === 'app' ? `Window{4e5f6a7 u0 ${top.appId}/${top.appId}.MainActivity}` : `Window{7a8b9c0 u0 ${phone.profile.launcherPackage}/.Launcher}`;
        return ok(`WINDOW MANAGER WINDOWS (dumpsys window windows)\n  mCurrentFocus=${focus}\n  mFocusedApp=${top ? `ActivityRecord{1f2e3d u0 ${top.appId}/.MainActivity}` : 'null'}\n`);
      }
      case undefined: return ok('Currently running services:\n  deviceidle\n  notification\n  window\n');
      default: return ok(`Can't find service: ${service}\n`);
    }
  },

  svc: (phone, args) => {
    const [what, action] = args;
    if ((what === 'wifi' || what === 'data') && (action === 'enable' || action === 'disable')) {
      phone.setNetwork({ [what]: action === 'enable' });
      return ok();
    }
    return fail(`Unknown command: ${args.join(' ')}`, 1, 'Available commands:\n    help\n    power\n    data\n    wifi\n    usb\n    nfc\n    bluetooth\n');
  },

  appops: (phone, rawArgs) => {
    const [sub, pkg, op, mode] = withoutUser(rawArgs);
    if (!pkg || !phone.isInstalled(pkg)) return fail(`Error: Unable to find package: ${pkg ?? ''}`, 255);
    if (op !== 'POST_NOTIFICATION' && op !== 'android:post_notification') return fail(`Error: PushSim models only the POST_NOTIFICATION op (got ${op ?? 'none'})`, 255);
    if (sub === 'get') return ok(`POST_NOTIFICATION: ${phone.notificationsAllowed(pkg) ? 'allow' : 'ignore'}\n`);
    if (sub !== 'set' || !mode) return fail('usage: appops set [--user N] <PACKAGE> <OP> <MODE>', 255);
    if (!['allow', 'ignore', 'deny', 'default'].includes(mode)) return fail(`Error: Mode ${mode} is not valid`, 255);
    phone.setNotificationsAllowed(pkg, mode === 'allow' || mode === 'default');
    return ok();
  },

  pm: async (phone, rawArgs) => {
    const [sub, ...args] = withoutUser(rawArgs);
    switch (sub) {
      case 'clear': {
        const pkg = args[0];
        if (!pkg || !phone.isInstalled(pkg)) return ok('Failed\n');
        await phone.clearData(pkg);
        return ok('Success\n');
      }
      case 'grant':
      case 'revoke': {
        const [pkg, permission] = args;
        if (!pkg || !phone.isInstalled(pkg)) return fail(`Exception occurred while executing '${sub}':\njava.lang.IllegalArgumentException: Unknown package: ${pkg ?? ''}`, 255);
        if (permission !== 'android.permission.POST_NOTIFICATIONS') return fail(`Exception occurred while executing '${sub}':\njava.lang.SecurityException: PushSim models only android.permission.POST_NOTIFICATIONS (got ${permission ?? 'none'})`, 255);
        phone.setNotificationsAllowed(pkg, sub === 'grant');
        return ok();
      }
      case 'list': {
        const filter = args.filter((a) => !a.startsWith('-'))[1] ?? args.filter((a) => !a.startsWith('-') && a !== 'packages')[0];
        return ok(phone.apps().filter((a) => !filter || a.appId.includes(filter)).map((a) => `package:${a.appId}\n`).join(''));
      }
      case 'path': {
        const pkg = args[0];
        return pkg && phone.isInstalled(pkg) ? ok(`package:/data/app/~~pushsim==/${pkg}-1==/base.apk\n`) : fail('', 1);
      }
      case 'uninstall': {
        const pkg = args.find((a) => !a.startsWith('-'));
        return ok(pkg && (await phone.uninstall(pkg)) ? 'Success\n' : 'Failure [DELETE_FAILED_INTERNAL_ERROR]\n');
      }
      default:
        return fail(`Unknown command: ${sub ?? ''}`, 255);
    }
  },

  pidof: (phone, args) => {
    const app = args[0] ? phone.app(args[0]) : undefined;
    if (!app?.isRunning) return { stdout: '', stderr: '', code: 1 };
    let h = 0;
    for (const c of app.appId) h = (h * 33 + c.charCodeAt(0)) >>> 0;
    return ok(`${5000 + (h % 20_000)}\n`);
  },

  getprop: (phone, args) => {
    const p = phone.profile;
    const props: Record<string, string> = {
      'ro.product.model': p.model,
      'ro.product.manufacturer': p.manufacturer,
      'ro.product.brand': p.manufacturer.toLowerCase(),
      'ro.product.marketname': p.marketingName,
      'ro.build.version.release': p.platformVersion,
      'ro.build.display.id': `${phone.osName} ${phone.osVersion}`,
      'ro.serialno': phone.deviceId,
      'persist.sys.timezone': 'UTC',
    };
    if (args.length === 0) return ok(Object.entries(props).map(([k, v]) => `[${k}]: [${v}]\n`).join(''));
    return ok(line(props[args[0]!] ?? ''));
  },

  date: (phone, args) => {
    const now = phone.now();
    const fmt = args.find((a) => a.startsWith('+'));
    if (!fmt) return ok(`${weekday(now)} ${formatDeviceTime(now, 'MMM DD HH:mm:ss')} UTC ${formatDeviceTime(now, 'YYYY')}\n`);
    return ok(line(strftime(now, fmt.slice(1))));
  },

  logcat: (phone, args) => {
    if (args.includes('-c')) { phone.log.clear(); return ok(); }
    const i = args.indexOf('-s');
    const tags = i >= 0 ? args.slice(i + 1).filter((a) => !a.startsWith('-')).map((t) => t.split(':')[0]!) : [];
    const lines = phone.log.all().map((e) => e.message).filter((m) => tags.length === 0 || tags.some((t) => m.includes(` ${t}: `)));
    return ok(lines.map((l) => `${l}\n`).join(''));
  },

  echo: (_phone, args) => ok(`${args.join(' ')}\n`),
};

function weekday(ms: number): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(ms).getUTCDay()]!;
}

/** toybox `date +FORMAT`: %s %N %3N %Y %m %d %H %M %S %T %F %z %Z %%. */
export function strftime(ms: number, format: string): string {
  const map: Record<string, string> = {
    s: String(Math.floor(ms / 1000)),
    N: String(Math.round((ms % 1000) * 1e6)).padStart(9, '0'),
    Y: formatDeviceTime(ms, 'YYYY'), m: formatDeviceTime(ms, 'MM'), d: formatDeviceTime(ms, 'DD'),
    H: formatDeviceTime(ms, 'HH'), M: formatDeviceTime(ms, 'mm'), S: formatDeviceTime(ms, 'ss'),
    T: formatDeviceTime(ms, 'HH:mm:ss'), F: formatDeviceTime(ms, 'YYYY-MM-DD'), z: '+0000', Z: 'UTC', '%': '%',
  };
  return format.replace(/%(\d)?([sNYmdHMSTFzZ%])/g, (whole, width: string | undefined, c: string) => {
    if (c === 'N' && width) return map.N!.slice(0, Number(width));
    return map[c] ?? whole;
  });
}

function deviceIdle(phone: SimPhone, args: string[]): ShellResult {
  switch (args[0]) {
    case 'force-idle':
      phone.setDoze(true);
      return ok('Now forced in to deep idle mode\n');
    case 'unforce':
      phone.setDoze(false);
      return ok(`Light state: ACTIVE, deep state: ${phone.deepIdle}\n`);
    case 'step':
      return ok(`Stepped to deep: ${phone.stepDoze()}\n`);
    case 'get':
      return ok(`${args[1] === 'light' ? (phone.dozing ? 'IDLE' : 'ACTIVE') : args[1] === 'screen' ? String(phone.screenOn) : phone.deepIdle}\n`);
    case 'enable':
    case 'disable':
      return ok(`Idle mode ${args[0]}d\n`);
    default:
      return fail(`Unknown command: ${args[0] ?? ''}`, 255);
  }
}

/** Roughly what `dumpsys notification` prints: one NotificationRecord per shown notification, newest first. */
export function dumpsysNotification(phone: SimPhone): string {
  const out = ['Current Notification Manager state:', '  Notification List:'];
  for (const n of phone.shade.visible()) {
    out.push(
      `    NotificationRecord(0x${(n.id * 2654435761 >>> 0).toString(16).padStart(8, '0')}: pkg=${n.packageName} user=UserHandle{0} id=${n.id} tag=${n.tag} importance=4 key=${n.key}: Notification(channel=${n.channelId ?? 'miscellaneous'} shortcut=null contentView=null vibrate=null sound=default defaults=0x0 flags=0x${n.isOngoing ? '2' : '10'} color=0x00000000 ${n.actions.length ? `actions=${n.actions.length} ` : ''}vis=PRIVATE))`,
      `      uid=10234 userId=0`,
      `      opPkg=${n.packageName}`,
      `      key=${n.key}`,
      `      postTime=${n.postTime}`,
      '      notification=',
      '        extras={',
      `          android.title=String (${n.title})`,
      `          android.text=String (${n.text})`,
      '        }',
    );
  }
  out.push(`  mNotificationList size=${phone.shade.visible().length}`, '');
  return out.join('\n');
}

/**
 * Runs one `adb shell` line against the phone. Unknown programs answer as Android's sh does
 * (`/system/bin/sh: foo: not found`, exit 127); `| grep [-i] [-v] PATTERN` filters output.
 */
export async function runShell(phone: SimPhone, commandLine: string): Promise<ShellResult> {
  let pipeline: string[][];
  try {
    pipeline = parseCommandLine(commandLine);
  } catch (error) {
    return fail(`/system/bin/sh: ${(error as Error).message}`, 2);
  }
  if (pipeline.length === 0) return ok();
  const [first, ...filters] = pipeline;
  const [program, ...args] = first!;
  const handler = Object.hasOwn(shellCommands, program!) ? shellCommands[program!] : undefined;
  let result = handler ? await handler(phone, args) : fail(`/system/bin/sh: ${program}: not found`, 127);
  for (const [filter, ...fargs] of filters) {
    if (filter !== 'grep') return fail(`/system/bin/sh: ${filter}: not found`, 127);
    const ignoreCase = fargs.includes('-i');
    const invert = fargs.includes('-v');
    const pattern = fargs.find((a) => !a.startsWith('-')) ?? '';
    const re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ignoreCase ? 'i' : '');
    const lines = result.stdout.split('\n').filter((l) => l !== '' && re.test(l) !== invert);
    result = { stdout: lines.map((l) => `${l}\n`).join(''), stderr: result.stderr, code: lines.length ? 0 : 1 };
  }
  return result;
}
