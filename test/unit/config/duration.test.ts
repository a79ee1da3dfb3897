import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoleDuration, formatSeconds, parseDuration } from '../../../src/config/duration.js';
import { AwsroleError } from '../../../src/errors.js';

describe('parseDuration', () => {
  it.each([
    ['15m', 900],
    ['1h', 3600],
    ['90m', 5400],
    ['3600s', 3600],
    ['3600', 3600],
    ['1.5h', 5400],
    [' 2h ', 7200],
    ['1h30m', 5400],
    ['14m57s', 897],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['abc', '', '-1h', '1e9', 'h', '1 fortnight', '1h30x', '5 m x'])(
    'rejects %j with a usage error',
    (text) => {
      expect(() => parseDuration(text)).toThrowError(AwsroleError);
    },
  );

  it('never throws anything but a usage error', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const seconds = parseDuration(text);
          expect(Number.isSafeInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error).toBeInstanceOf(AwsroleError);
          expect((error as AwsroleError).exitCode).toBe(2);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkRoleDuration', () => {
  it('accepts 15m..12h, and 15m..1h when chained', () => {
    expect(checkRoleDuration(900, false, '15m')).toBe(900);
    expect(checkRoleDuration(43200, false, '12h')).toBe(43200);
    expect(checkRoleDuration(3600, true, '1h')).toBe(3600);
    expect(() => checkRoleDuration(899, false, '899')).toThrow(/out of range/);
    expect(() => checkRoleDuration(43201, false, '43201')).toThrow(/out of range/);
    expect(() => checkRoleDuration(3601, true, '3601')).toThrow(/out of range/);
  });
});

describe('formatSeconds', () => {
  it.each([
    [3600, '1h'],
    [5400, '1h30m'],
    [2520, '42m'],
    [125, '2m5s'],
    [30, '30s'],
    [-5, '0s'],
  ])('%d -> %s', (s, text) => {
    expect(formatSeconds(s)).toBe(text);
  });
});
