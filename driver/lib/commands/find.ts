import type { Element } from '@appium/types';
import { errors } from 'appium/driver.js';
import { util } from 'appium/support.js';
import { findNodes, InvalidLocatorError } from '../../../src/device/find.js';
import type { PlacedNode } from '../../../src/device/ui.js';
import type { PushSimDriver } from '../driver.js';

/** The W3C element reference for a node, reusing the id it was given before. */
export function elementRef(driver: PushSimDriver, node: PlacedNode): Element {
  const key = node.node.key;
  let id = driver.elementIds.get(key);
  if (!id) {
    id = `00000000-0000-0000-0000-${String(++driver.elementSeq).padStart(12, '0')}`;
    driver.elementIds.set(key, id);
    driver.elementKeys.set(id, key);
  }
  return { ELEMENT: id, [util.W3C_WEB_ELEMENT_IDENTIFIER]: id } as Element;
}

/** W3C find element(s), from the screen or from an element; honours the implicit wait. */
export async function findElOrEls(this: PushSimDriver, strategy: string, selector: string, mult: true, context?: string): Promise<Element[]>;
export async function findElOrEls(this: PushSimDriver, strategy: string, selector: string, mult: false, context?: string): Promise<Element>;
export async function findElOrEls(this: PushSimDriver, strategy: string, selector: string, mult: boolean, context?: string): Promise<Element | Element[]> {
  let found: PlacedNode[] = [];
  const search = async () => {
    const shot = this.screen();
    const scope = context ? this.placed(context, shot) : undefined;
    try {
      found = findNodes(shot, strategy, selector, { scope, appPackage: this.phone.topApp?.appId ?? this.appId });
    } catch (error) {
      if (error instanceof InvalidLocatorError) throw new errors.InvalidSelectorError(error.message);
      throw error;
    }
    return found.length > 0;
  };
  if (!(await search()) && this.implicitWaitMs > 0) {
    await this.implicitWaitForCondition(search).catch((error: unknown) => {
      if (error instanceof errors.InvalidSelectorError) throw error;
    });
  }
  if (mult) return found.map((n) => elementRef(this, n));
  if (!found.length) throw new errors.NoSuchElementError(`An element could not be located on the page using the given search parameters ('${strategy}', '${selector}')`);
  return elementRef(this, found[0]!);
}
