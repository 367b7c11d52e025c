import { describe, expect, it } from '@jest/globals';
import { NotificationShade, SHADE_CAPACITY } from '../../../src/device/notification-shade.js';

const post = (shade: NotificationShade, title: string, tag?: string) => shade.post({ packageName: 'com.pushlab.demo', appName: 'PushLab Demo', postTime: 1, title, text: '', postedBy: 'system', actions: [], data: {}, tag });

describe('the notification shade', () => {
  it('lists newest first and keeps at most 100, removed ones flagged', () => {
    const shade = new NotificationShade();
    for (let i = 0; i < SHADE_CAPACITY + 5; i++) post(shade, `n${i}`);
    expect(shade.all()).toHaveLength(SHADE_CAPACITY);
    expect(shade.all()[0]!.title).toBe(`n${SHADE_CAPACITY + 4}`);
    const key = shade.all()[0]!.key;
    expect(shade.remove(key)).toBe(true);
    expect(shade.remove(key)).toBe(false);
    expect(shade.all()[0]).toMatchObject({ key, isRemoved: true });
    expect(shade.visible()).toHaveLength(SHADE_CAPACITY - 1);
  });

  it('replaces a notification posted again under the same tag, with Android-style keys', () => {
    const shade = new NotificationShade();
    const first = post(shade, 'ringing', 'call:1');
    const second = post(shade, 'ringing again', 'call:1');
    expect(first.isRemoved).toBe(true);
    expect(shade.visible()).toEqual([second]);
    expect(second.key).toBe('0|com.pushlab.demo|2|call:1|10234');
  });
});
