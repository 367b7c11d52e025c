import type { ActionSequence, PointerAction } from '@appium/types';
import { errors } from 'appium/driver.js';
import { util } from 'appium/support.js';
import { swipe, tapAt } from '../../../src/device/gestures.js';
import { pressKey } from '../../../src/device/shell.js';
import { centreOf } from '../../../src/device/ui.js';
import type { PushSimDriver } from '../driver.js';

/** Finger travel below which a press counts as a tap, not a swipe (px / pt). */
const TAP_SLOP = 20;

/**
 * W3C actions: each pointer sequence becomes taps (down/up in one place) and swipes (down, move,
 * up); pauses count toward a swipe's duration (a held bottom-edge swipe opens recents). Key and
 * wheel sequences are accepted and ignored.
 */
export async function performActions(this: PushSimDriver, sequences: ActionSequence[]): Promise<void> {
  for (const seq of sequences) {
    if (seq.type !== 'pointer') continue;
    await runPointer(this, seq.actions);
  }
  await this.phone.idle();
}

async function runPointer(driver: PushSimDriver, actions: PointerAction[]): Promise<void> {
  let { x, y } = driver.pointer;
  let elapsed = 0;
  let down: { x: number; y: number; at: number } | undefined;
  for (const a of actions) {
    switch (a.type) {
      case 'pause':
        elapsed += a.duration ?? 0;
        break;
      case 'pointerMove': {
        const origin = a.origin;
        if (origin && typeof origin === 'object') {
          const id = (origin as unknown as Record<string, string>)[util.W3C_WEB_ELEMENT_IDENTIFIER] ?? (origin as unknown as Record<string, string>).ELEMENT;
          if (!id) throw new errors.InvalidArgumentError('pointerMove origin must be viewport, pointer or an element reference');
          const c = centreOf(driver.placed(id).rect);
          x = c.x + (a.x ?? 0);
          y = c.y + (a.y ?? 0);
        } else if (origin === 'pointer') {
          x += a.x ?? 0;
          y += a.y ?? 0;
        } else {
          x = a.x ?? 0;
          y = a.y ?? 0;
        }
        elapsed += a.duration ?? 0;
        break;
      }
      case 'pointerDown':
        down = { x, y, at: elapsed };
        break;
      case 'pointerUp':
        if (!down) break;
        if (Math.hypot(x - down.x, y - down.y) < TAP_SLOP) await tapAt(driver.phone, down.x, down.y);
        else swipe(driver.phone, down.x, down.y, x, y, elapsed - down.at);
        down = undefined;
        break;
    }
  }
  driver.pointer = { x, y };
}

export async function releaseActions(this: PushSimDriver): Promise<void> {
  this.pointer = { x: 0, y: 0 };
}

/** UiAutomator2 `mobile: pressKey {keycode}`: HOME 3, BACK 4, POWER 26, APP_SWITCH 187, SLEEP 223, WAKEUP 224… */
export async function mobilePressKey(this: PushSimDriver, keycode: number): Promise<void> {
  this.requirePlatform('android', 'mobile: pressKey');
  if (!Number.isInteger(keycode)) throw new errors.InvalidArgumentError(`keycode must be an integer Android key code (got ${JSON.stringify(keycode)})`);
  pressKey(this.phone, keycode);
  await this.phone.idle();
}

/** XCUITest `mobile: pressButton {name}`: home (volume buttons do nothing here). */
export async function mobilePressButton(this: PushSimDriver, name: string): Promise<void> {
  this.requirePlatform('ios', 'mobile: pressButton');
  const button = String(name).toLowerCase();
  if (!['home', 'volumeup', 'volumedown'].includes(button)) throw new errors.InvalidArgumentError(`button name must be home, volumeup or volumedown (got ${JSON.stringify(name)})`);
  if (button === 'home') this.phone.home();
}
