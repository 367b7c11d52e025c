import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DEVICE_TIME_FORMAT, formatDeviceTime } from '../../../src/device/device-time.js';
import { strftime } from '../../../src/device/shell.js';

const at = Date.UTC(2026, 10, 23, 7, 5, 9, 42); // 2026-11-23T07:05:09.042Z

describe('getDeviceTime formats (moment.js tokens)', () => {
  it('answers the default format like UiAutomator2, with the zone offset', () => {
    expect(DEFAULT_DEVICE_TIME_FORMAT).toBe('YYYY-MM-DDTHH:mm:ssZ');
    expect(formatDeviceTime(at)).toBe('2026-11-23T07:05:09+00:00');
    expect(formatDeviceTime(at, DEFAULT_DEVICE_TIME_FORMAT, 480)).toBe('2026-11-23T15:05:09+08:00');
    expect(formatDeviceTime(at, DEFAULT_DEVICE_TIME_FORMAT, -150)).toBe('2026-11-23T04:35:09-02:30');
  });

  it('gives epoch milliseconds for x and seconds for X, whatever the zone', () => {
    expect(formatDeviceTime(at, 'x')).toBe(String(at));
    expect(formatDeviceTime(at, 'x', 480)).toBe(String(at));
    expect(formatDeviceTime(at, 'X')).toBe(String(Math.floor(at / 1000)));
  });

  it('knows the common tokens and keeps bracketed text literal', () => {
    expect(formatDeviceTime(at, 'YY/M/D h:m:s.SSS A')).toBe('26/11/23 7:5:9.042 AM');
    expect(formatDeviceTime(at, '[Today is] MMM DD, YYYY [at] HH:mm ZZ')).toBe('Today is Nov 23, 2026 at 07:05 +0000');
  });
});

describe('toybox date +FORMAT', () => {
  it('prints seconds, nanoseconds and truncated fractions', () => {
    expect(strftime(at, '%s')).toBe(String(Math.floor(at / 1000)));
    expect(strftime(at, '%s%3N')).toBe(String(at));
    expect(strftime(at, '%F %T %z')).toBe('2026-11-23 07:05:09 +0000');
  });
});
