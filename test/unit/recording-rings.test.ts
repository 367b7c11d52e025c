import { describe, expect, it } from '@jest/globals';
import { DeliveryLog, RequestLog, type RequestEntry } from '../../src/vendors/common/recording-rings.js';

const entry = (overrides: Partial<RequestEntry> = {}): RequestEntry => ({
  at: 1_700_000_000_000.25, method: 'POST', path: '/3/device/abc', status: 200, code: '200', outcome: 'accepted',
  tokens: ['abc'], rawHeaders: [':path', '/3/device/abc', 'apns-topic', 'com.pushlab.demo'], rawBody: '{"aps":{}}', durationMs: 0.5,
  ...overrides,
});

describe('RequestLog', () => {
  it('numbers requests from 1 and reads them back as recorded, pseudo-headers dropped', () => {
    const log = new RequestLog(4);
    expect(log.add(entry())).toBe(1);
    expect(log.add(entry({ status: 400, code: 'BadTopic', outcome: 'rejected', tokens: [] }))).toBe(2);
    expect(log.since(0)).toEqual([
      { seq: 1, at: 1_700_000_000_000.25, method: 'POST', path: '/3/device/abc', status: 200, code: '200', outcome: 'accepted', tokens: ['abc'], headers: { 'apns-topic': 'com.pushlab.demo' }, body: '{"aps":{}}', durationMs: 0.5 },
      expect.objectContaining({ seq: 2, status: 400, code: 'BadTopic', outcome: 'rejected', tokens: [] }),
    ]);
    expect(log.since(1).map((r) => r.seq)).toEqual([2]);
  });

  it('keeps only the newest `capacity` requests once full, oldest first', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 7; i++) log.add(entry({ path: `/p/${i}` }));
    expect(log.since(0).map((r) => [r.seq, r.path])).toEqual([[5, '/p/5'], [6, '/p/6'], [7, '/p/7']]);
    expect(log.since(6).map((r) => r.seq)).toEqual([7]);
    expect(log.since(7)).toEqual([]);
  });

  it('copies a header list, so the transport reusing its array does not change what was recorded', () => {
    const log = new RequestLog(2);
    const headers = ['apns-topic', 'com.pushlab.demo'];
    log.add(entry({ rawHeaders: headers }));
    headers[1] = 'com.other.app';
    log.add(entry({ rawHeaders: ['apns-push-type', 'voip'] })); // the second slot gets its own list
    const [first, second] = log.since(0);
    expect(first!.headers).toEqual({ 'apns-topic': 'com.pushlab.demo' });
    expect(second!.headers).toEqual({ 'apns-push-type': 'voip' });
  });

  it('masks credentials when read, not when recorded', () => {
    const log = new RequestLog(2);
    log.add(entry({ rawHeaders: { authorization: 'bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' }, rawBody: 'client_secret=s3cret&grant_type=client_credentials' }));
    const [read] = log.since(0);
    expect(read!.headers.authorization).toBe('**MASKED**');
    expect(read!.body).not.toContain('s3cret');
    expect(log.since(0)[0]).toBe(read); // masked once, then handed out again
  });

  it('keeps each body as sent when consecutive bodies differ or repeat', () => {
    const log = new RequestLog(3);
    for (const body of ['{"a":1}', '{"a":1}', '{"a":2}', '{"a":1}']) log.add(entry({ rawBody: body }));
    expect(log.since(0).map((r) => r.body)).toEqual(['{"a":1}', '{"a":2}', '{"a":1}']);
  });

  it('forgets everything on clear() and goes on numbering after it', () => {
    const log = new RequestLog(3);
    log.add(entry());
    log.add(entry());
    log.clear();
    expect(log.since(0)).toEqual([]);
    expect(log.add(entry())).toBe(3);
    expect(log.since(0).map((r) => r.seq)).toEqual([3]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RequestLog(0)).toThrow(/at least 1/);
  });
});

describe('DeliveryLog', () => {
  it('lists events oldest first, writing the detail of a replaced push from the push that replaced it', () => {
    const log = new DeliveryLog(5);
    log.add(1, 'queued', 'm1', 't');
    log.add(2, 'replaced', 'm1', 't', undefined, 'm2');
    log.add(3, 'queued', 'm2', 't');
    log.add(4, 'dropped-offline', 'm3', 't', 'device offline and the push may not be stored');
    expect(log.list()).toEqual([
      { at: 1, kind: 'queued', messageId: 'm1', token: 't' },
      { at: 2, kind: 'replaced', messageId: 'm1', token: 't', detail: 'replaced by m2' },
      { at: 3, kind: 'queued', messageId: 'm2', token: 't' },
      { at: 4, kind: 'dropped-offline', messageId: 'm3', token: 't', detail: 'device offline and the push may not be stored' },
    ]);
  });

  it('keeps the newest `capacity` events and empties on clear()', () => {
    const log = new DeliveryLog(2);
    for (let i = 1; i <= 5; i++) log.add(i, 'delivered', `m${i}`, 't');
    expect(log.list().map((e) => e.messageId)).toEqual(['m4', 'm5']);
    expect(log.size).toBe(2);
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(6, 'acked', 'm6', 't');
    expect(log.list()).toEqual([{ at: 6, kind: 'acked', messageId: 'm6', token: 't' }]);
  });
});
