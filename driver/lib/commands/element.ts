import type { Rect } from '@appium/types';
import { errors } from 'appium/driver.js';
import { attributesOf, handlerFor, tagOf } from '../../../src/device/ui.js';
import type { PushSimDriver } from '../driver.js';

/** Attribute aliases UiAutomator2 accepts (camelCase and the page-source names). */
const androidAliases: Record<string, string> = {
  contentDescription: 'content-desc', 'content-desc': 'content-desc', resourceId: 'resource-id', 'resource-id': 'resource-id',
  className: 'class', class: 'class', name: 'content-desc', longClickable: 'long-clickable',
};

/** Clicks an element: the tap reaches it or its nearest clickable ancestor; waits for the app to settle. */
export async function click(this: PushSimDriver, elementId: string): Promise<void> {
  const target = handlerFor(this.placed(elementId), 'onTap');
  if (!target) return;
  await target.node.onTap!();
  await this.phone.idle();
}

export async function getText(this: PushSimDriver, elementId: string): Promise<string> {
  const p = this.placed(elementId);
  if (this.phone.platform === 'ios') {
    const attrs = new Map(attributesOf(p, 'ios'));
    return attrs.get('value') ?? attrs.get('label') ?? '';
  }
  return new Map(attributesOf(p, 'android')).get('text') ?? '';
}

export async function getAttribute(this: PushSimDriver, name: string, elementId: string): Promise<string | null> {
  const p = this.placed(elementId);
  const platform = this.phone.platform;
  const attrs = new Map(attributesOf(p, platform));
  if (platform === 'ios') {
    if (name === 'rect') return JSON.stringify({ x: p.rect.x, y: p.rect.y, width: p.rect.width, height: p.rect.height });
    return attrs.get(name === 'elementType' ? 'type' : name) ?? null;
  }
  const key = androidAliases[name] ?? name;
  if (key === 'class') return tagOf(p, 'android');
  return attrs.get(key) ?? null;
}

export async function getProperty(this: PushSimDriver, name: string, elementId: string): Promise<string | null> {
  return this.getAttribute(name, elementId);
}

/** The tag name: the Android class or the XCUIElementType. */
export async function getName(this: PushSimDriver, elementId: string): Promise<string> {
  return tagOf(this.placed(elementId), this.phone.platform);
}

/** Types into a field (replaces its text, as UiAutomator2's setText does). */
export async function setValue(this: PushSimDriver, text: string | string[], elementId: string): Promise<void> {
  const p = this.placed(elementId);
  if (!p.node.onInput) throw new errors.InvalidElementStateError(`The element ${elementId} (${tagOf(p, this.phone.platform)}) does not take text input`);
  p.node.onInput(Array.isArray(text) ? text.join('') : text);
}

export async function clear(this: PushSimDriver, elementId: string): Promise<void> {
  const p = this.placed(elementId);
  if (!p.node.onInput) throw new errors.InvalidElementStateError(`The element ${elementId} (${tagOf(p, this.phone.platform)}) does not take text input`);
  p.node.onInput('');
}

export async function elementDisplayed(this: PushSimDriver, elementId: string): Promise<boolean> {
  this.placed(elementId);
  return true;
}

export async function elementEnabled(this: PushSimDriver, elementId: string): Promise<boolean> {
  this.placed(elementId);
  return true;
}

export async function elementSelected(this: PushSimDriver, elementId: string): Promise<boolean> {
  this.placed(elementId);
  return false;
}

export async function getElementRect(this: PushSimDriver, elementId: string): Promise<Rect> {
  const { rect } = this.placed(elementId);
  return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
}
