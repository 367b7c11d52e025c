import { describe, expect, it } from '@jest/globals';
import { redact, redactHeaders, shortToken } from '../../src/vendors/common/redact.js';

describe('redaction', () => {
  it('masks keys, access tokens, signatures and app signs in JSON, forms, headers and command lines', () => {
    const text = [
      '{"appSecret":"s3cret","appSign":"0123abcd","client_secret":"cs","title":"hi"}',
      'app_key=k&sign=abc123&timestamp=1',
      'Authorization: Bearer abcdefghijklmnop',
      'pushlab suite --token=supersecret123',
      'key=AppSecretValue',
      '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----',
      'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl',
    ].join('\n');
    const masked = redact(text);
    for (const secret of ['s3cret', '0123abcd', '"cs"', 'abc123', 'abcdefghijklmnop', 'supersecret123', 'AppSecretValue', 'MIGH', 'eyJhbGci']) expect(masked).not.toContain(secret);
    expect(masked).toContain('"title":"hi"');
    expect(masked).toContain('timestamp=1');
  });

  it('masks credential headers whole and leaves the rest', () => {
    expect(redactHeaders({ authorization: 'bearer x.y.z', authtoken: 'abc', 'apns-topic': 'com.pushlab.demo', absent: undefined })).toEqual({ authorization: '**MASKED**', authtoken: '**MASKED**', 'apns-topic': 'com.pushlab.demo' });
  });

  it('shortens device tokens so they can be told apart but not used', () => {
    expect(shortToken('a'.repeat(8) + 'b'.repeat(40) + 'cdef')).toBe('aaaaaaaa…cdef');
    expect(shortToken('short')).toBe('short');
  });
});
