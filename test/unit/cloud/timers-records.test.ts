import { describe, expect, it } from '@jest/globals';
import { RecordBook } from '../../../src/cloud/records.js';
import { ManualClock } from '../../../src/cloud/timers.js';

describe('ManualClock', () => {
  it('fires due timers in time order when advanced, and not before', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimer(500, () => fired.push('b'));
    clock.setTimer(100, () => { fired.push('a'); clock.setTimer(100, () => fired.push('a2')); });
    const cancel = clock.setTimer(150, () => fired.push('cancelled'));
    cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(401);
    expect(fired).toEqual(['a', 'a2', 'b']);
    expect(clock.now()).toBe(1500);
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
  });
});

describe('RecordBook', () => {
  it('numbers records, filters them, masks secrets in reasons, and waits for one to come', async () => {
    const book = new RecordBook('zego', new ManualClock(5));
    book.add({ kind: 'login', userID: 'a', reason: 'logged in with {"appSign":"0123abcd"}' });
    const waiting = book.waitFor((r) => r.kind === 'push-sent', { timeoutMs: 500 });
    book.add({ kind: 'push-sent', userID: 'b', invitationID: 'i1', reason: 'sent' });
    expect(await waiting).toMatchObject({ seq: 2, at: 5, provider: 'zego', userID: 'b' });
    expect(book.list({ since: 1 })).toHaveLength(1);
    expect(book.list({ userID: 'a' })[0]!.reason).toBe('logged in with {"appSign":"**MASKED**"}');
    await expect(book.waitFor((r) => r.kind === 'call-connected', { timeoutMs: 20, what: 'call-connected' })).rejects.toThrow(/no call-connected within 20 ms; last records: login\(a\).*push-sent\(b\): sent/);
  });
});
