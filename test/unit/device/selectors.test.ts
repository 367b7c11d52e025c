import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { defaultSelectors, fillSelector, loadSelectors } from '../../../src/device/selectors.js';

const write = (value: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pushlab-sel-')), 'selectors.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('selectors', () => {
  it('has the same names on both platforms', () => {
    expect(Object.keys(defaultSelectors.ios).sort()).toEqual(Object.keys(defaultSelectors.android).sort());
  });

  it('lays a user file over the defaults', () => {
    const s = loadSelectors(write({ android: { incomingAccept: 'id=com.acme:id/answer' } }));
    expect(s.android.incomingAccept).toBe('id=com.acme:id/answer');
    expect(s.android.incomingDecline).toBe(defaultSelectors.android.incomingDecline);
    expect(s.ios).toEqual(defaultSelectors.ios);
  });

  it('refuses unknown names and platforms, naming the file', () => {
    const file = write({ android: { acceptButton: 'x', incomingAccept: 3 }, web: {} });
    expect(() => loadSelectors(file)).toThrow(`${file}: android.acceptButton is not a selector name`);
    expect(() => loadSelectors(file)).toThrow('android.incomingAccept must be a non-empty string; unknown platform "web"');
  });

  it('fills placeholders, escaping quotes', () => {
    expect(fillSelector(defaultSelectors.android.notificationWithText, { text: 'Incoming "video" call' })).toBe('android=new UiSelector().resourceId("android:id/title").textContains("Incoming \\"video\\" call")');
  });
});
