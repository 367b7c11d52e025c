import type { SimPhone } from './phone.js';
import { hitTest, screenOf, type SwipeDirection } from './ui.js';

/** How long a bottom-edge swipe must hold to open recents / the app switcher instead of going home (gesture navigation). */
export const RECENTS_HOLD_MS = 300;

/** A tap at screen coordinates: reaches the deepest tappable element under the point, if any. */
export async function tapAt(phone: SimPhone, x: number, y: number): Promise<boolean> {
  const hit = hitTest(screenOf(phone), x, y, 'onTap');
  if (!hit) return false;
  await hit.node.onTap!();
  return true;
}

/**
 * A swipe from (x1,y1) to (x2,y2) over `durationMs`, as gesture navigation reads it: down from the
 * top edge opens the shade / Notification Centre; up from the bottom edge goes home, or with a hold
 * opens recents / the app switcher; up on the lock screen unlocks (no PIN); anything else swipes the
 * element under the start point (a recents card up = swiped away, a notification sideways = dismissed).
 */
export function swipe(phone: SimPhone, x1: number, y1: number, x2: number, y2: number, durationMs = 0): void {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const direction: SwipeDirection = Math.abs(dy) >= Math.abs(dx) ? (dy < 0 ? 'up' : 'down') : dx < 0 ? 'left' : 'right';
  const h = phone.profile.screen.height;
  if (direction === 'up' && phone.locked && y1 >= h * 0.5) { phone.unlock(); return; }
  if (direction === 'down' && y1 <= h * 0.05 && !phone.locked) { phone.openNotifications(); return; }
  if (direction === 'up' && y1 >= h * 0.95 && !phone.locked) {
    if (durationMs >= RECENTS_HOLD_MS) phone.openRecents();
    else phone.home();
    return;
  }
  const hit = hitTest(screenOf(phone), x1, y1, 'onSwipe');
  hit?.node.onSwipe!(direction);
}
