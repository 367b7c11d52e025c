import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';
import { attributesOf, pageSource, resourceIdOf, tagOf, type PlacedNode, type Screenshot } from './ui.js';

/** The locator strategies the simulated phones answer (UiAutomator2's and XCUITest's common ones). */
export const locatorStrategies = ['id', 'accessibility id', 'xpath', 'class name', '-android uiautomator', '-ios predicate string'] as const;
export type LocatorStrategy = (typeof locatorStrategies)[number];

/** A selector the strategy cannot parse; the driver answers with W3C "invalid selector". */
export class InvalidLocatorError extends Error {
  override readonly name = 'InvalidLocatorError';
}

/**
 * Finds nodes on a screen, in document order. `scope` limits the search to a subtree (find from
 * element); `appPackage` completes short Android ids as UiAutomator2 does (`<pkg>:id/<id>`).
 */
export function findNodes(shot: Screenshot, strategy: string, selector: string, options: { scope?: PlacedNode; appPackage?: string } = {}): PlacedNode[] {
  const scope = options.scope;
  const inScope = (p: PlacedNode) => {
    if (!scope) return true;
    for (let q = p.parent; q; q = q.parent) if (q === scope) return true;
    return false;
  };
  const candidates = shot.nodes.filter(inScope);
  const ios = shot.platform === 'ios';
  const attr = (p: PlacedNode, name: string) => attributesOf(p, shot.platform).find(([k]) => k === name)?.[1];
  switch (strategy) {
    case 'id': {
      if (ios) return candidates.filter((p) => attr(p, 'name') === selector);
      const full = selector.includes(':id/') ? selector : `${options.appPackage ?? ''}:id/${selector}`;
      return candidates.filter((p) => resourceIdOf(p.node) === full);
    }
    case 'accessibility id':
      return candidates.filter((p) => (ios ? attr(p, 'name') : p.node.desc) === selector);
    case 'class name':
      return candidates.filter((p) => tagOf(p, shot.platform) === selector);
    case 'xpath':
      return byXpath(shot, selector, scope);
    case '-android uiautomator':
      if (ios) throw new InvalidLocatorError('-android uiautomator works on Android sessions only');
      return byUiSelector(shot, candidates, selector);
    case '-ios predicate string':
      if (!ios) throw new InvalidLocatorError('-ios predicate string works on iOS sessions only');
      return byPredicate(shot, candidates, selector);
    default:
      throw new InvalidLocatorError(`locator strategy '${strategy}' is not supported; use one of ${locatorStrategies.join(', ')}`);
  }
}

// ---- xpath ----------------------------------------------------------------------------------------

function byXpath(shot: Screenshot, selector: string, scope: PlacedNode | undefined): PlacedNode[] {
  const doc = new DOMParser().parseFromString(pageSource(shot), 'text/xml');
  const elements = Array.from(doc.getElementsByTagName('*')).slice(1); // skip <hierarchy>/<AppiumAUT>
  const indexOf = new Map<unknown, number>(elements.map((e, i) => [e, i]));
  const context = scope ? elements[shot.nodes.indexOf(scope)] : doc;
  let result: xpath.SelectReturnType;
  try {
    result = xpath.select(selector, context as unknown as Node);
  } catch (error) {
    throw new InvalidLocatorError(`invalid xpath ${JSON.stringify(selector)}: ${(error as Error).message}`);
  }
  if (!Array.isArray(result)) throw new InvalidLocatorError(`xpath ${JSON.stringify(selector)} selects a value (${typeof result}), not elements`);
  const found: PlacedNode[] = [];
  for (const node of result) {
    const i = indexOf.get(node);
    if (i === undefined) {
      if (xpath.isElement(node as xpath.SelectedValue)) continue; // the wrapper element
      throw new InvalidLocatorError(`xpath ${JSON.stringify(selector)} selects attributes or text, not elements`);
    }
    found.push(shot.nodes[i]!);
  }
  return found;
}

// ---- UiSelector -----------------------------------------------------------------------------------

type Matcher = (p: PlacedNode, attr: (name: string) => string) => boolean;

/**
 * `new UiSelector().resourceId("…").text("…")…` (chained, `;`-separated alternatives, and
 * `new UiScrollable(…).scrollIntoView(new UiSelector()…)` read as its inner selector).
 */
function byUiSelector(shot: Screenshot, candidates: PlacedNode[], selector: string): PlacedNode[] {
  const alternatives = selector.split(/;\s*(?=new\s|$)/).map((s) => s.trim()).filter(Boolean);
  const found = new Set<PlacedNode>();
  for (const alt of alternatives) for (const p of matchUiSelector(shot, candidates, alt)) found.add(p);
  return shot.nodes.filter((p) => found.has(p));
}

function matchUiSelector(shot: Screenshot, candidates: PlacedNode[], text: string): PlacedNode[] {
  const scroll = /scrollIntoView\((new UiSelector\(\).*)\)\s*$/.exec(text);
  const source = scroll ? scroll[1]! : text;
  if (!/^new UiSelector\(\)/.test(source)) throw new InvalidLocatorError(`UiSelector expected, got ${JSON.stringify(text)}`);
  const calls = [...source.slice('new UiSelector()'.length).matchAll(/\.(\w+)\(\s*("(?:[^"\\]|\\.)*"|-?\d+|true|false)?\s*\)/g)];
  const consumed = calls.map((c) => c[0]).join('');
  if (consumed.replace(/\s/g, '') !== source.slice('new UiSelector()'.length).replace(/\s/g, '')) throw new InvalidLocatorError(`cannot parse UiSelector ${JSON.stringify(text)}; supported: resourceId, resourceIdMatches, text, textContains, textStartsWith, textMatches, description, descriptionContains, className, packageName, clickable, enabled, index, instance`);
  const matchers: Matcher[] = [];
  let instance: number | undefined;
  for (const [, method, rawArg] of calls) {
    const arg = rawArg === undefined ? '' : rawArg.startsWith('"') ? (JSON.parse(rawArg) as string) : rawArg;
    const eq = (name: string): Matcher => (_p, a) => a(name) === arg;
    switch (method) {
      case 'resourceId': matchers.push(eq('resource-id')); break;
      case 'resourceIdMatches': matchers.push((_p, a) => new RegExp(`^(?:${arg})$`).test(a('resource-id'))); break;
      case 'text': matchers.push(eq('text')); break;
      case 'textContains': matchers.push((_p, a) => a('text').includes(arg)); break;
      case 'textStartsWith': matchers.push((_p, a) => a('text').startsWith(arg)); break;
      case 'textMatches': matchers.push((_p, a) => new RegExp(`^(?:${arg})$`).test(a('text'))); break;
      case 'description': matchers.push(eq('content-desc')); break;
      case 'descriptionContains': matchers.push((_p, a) => a('content-desc').includes(arg)); break;
      case 'className': matchers.push(eq('class')); break;
      case 'packageName': matchers.push(eq('package')); break;
      case 'clickable': case 'enabled': matchers.push(eq(method)); break;
      case 'index': matchers.push(eq('index')); break;
      case 'instance': instance = Number(arg); break;
      default: throw new InvalidLocatorError(`UiSelector method ${method}() is not supported by PushSim`);
    }
  }
  const matched = candidates.filter((p) => {
    const attrs = new Map(attributesOf(p, shot.platform));
    const a = (name: string) => attrs.get(name) ?? '';
    return matchers.every((m) => m(p, a));
  });
  return instance === undefined ? matched : matched.slice(instance, instance + 1);
}

// ---- NSPredicate ------------------------------------------------------------------------------

/** `name == 'x' AND label CONTAINS[c] "y" OR type == 'XCUIElementTypeButton'` (AND binds tighter than OR; no parentheses). */
function byPredicate(shot: Screenshot, candidates: PlacedNode[], selector: string): PlacedNode[] {
  const disjuncts = splitOutside(selector, /\s+(?:OR|\|\|)\s+/i).map((d) => splitOutside(d, /\s+(?:AND|&&)\s+/i).map(parseComparison));
  return candidates.filter((p) => {
    const attrs = new Map(attributesOf(p, shot.platform));
    return disjuncts.some((all) => all.every((test) => test(attrs)));
  });
}

function splitOutside(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) { current += c; if (c === quote && text[i - 1] !== '\\') quote = undefined; continue; }
    if (c === "'" || c === '"') { quote = c; current += c; continue; }
    const rest = text.slice(i);
    const m = separator.exec(rest);
    if (m && m.index === 0) { parts.push(current); current = ''; i += m[0].length - 1; continue; }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim().replace(/^\((.*)\)$/, '$1').trim());
}

function parseComparison(text: string): (attrs: Map<string, string>) => boolean {
  const m = /^(\w+)\s*(==|!=|=|CONTAINS|BEGINSWITH|ENDSWITH|LIKE|MATCHES)(\[[cd]+\])?\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\w+))$/i.exec(text);
  if (!m) throw new InvalidLocatorError(`cannot parse predicate ${JSON.stringify(text)}; use attribute OP 'value' with ==, !=, CONTAINS, BEGINSWITH, ENDSWITH, LIKE, MATCHES joined by AND/OR`);
  const [, attribute, rawOp, modifiers = '', single, double, bare] = m;
  const caseless = modifiers.includes('c');
  const norm = (s: string) => (caseless ? s.toLowerCase() : s);
  const wanted = norm((single ?? double ?? bare ?? '').replace(/\\(.)/g, '$1'));
  const op = rawOp!.toUpperCase();
  const key = attribute === 'elementType' ? 'type' : attribute === 'identifier' ? 'name' : attribute!;
  return (attrs) => {
    let actual = attrs.get(key);
    if (actual === undefined) return op === '!=';
    if ((key === 'visible' || key === 'enabled' || key === 'accessible') && (wanted === '1' || wanted === '0')) actual = actual === 'true' ? '1' : '0';
    const a = norm(actual);
    switch (op) {
      case '==': case '=': return a === wanted;
      case '!=': return a !== wanted;
      case 'CONTAINS': return a.includes(wanted);
      case 'BEGINSWITH': return a.startsWith(wanted);
      case 'ENDSWITH': return a.endsWith(wanted);
      case 'LIKE': return new RegExp(`^${wanted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(a);
      case 'MATCHES': return new RegExp(`^(?:${wanted})$`).test(a);
      default: return false;
    }
  };
}
