import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TRIES, retryDelayMs } from '../messages/retry.js';
import { durationMs } from './timing.js';

describe('durationMs', () => {
  it.each<[string, number | null]>([
    ['PT0M', 0],
    ['P3D', 3 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT2H', 26 * 3_600_000],
    ['P1DT30M', 86_400_000 + 30 * 60_000],
    ['PT90M', 90 * 60_000],
    ['P', null],
    ['PT', null],
    ['P1DT', null],
    ['P1W', null],
    ['3d', null],
    ['P1.5D', null],
    ['', null],
  ])('%s → %s', (value, expected) => {
    expect(durationMs(value)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [9, 256 * 60_000],
    [10, 6 * 3_600_000],
    [1000, 6 * 3_600_000],
  ])('after failure %i waits %i ms', (failures, expected) => {
    expect(retryDelayMs(failures)).toBe(expected);
  });

  it('never shrinks and stays within six hours (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
        expect(retryDelayMs(n)).toBeLessThanOrEqual(6 * 3_600_000);
      }),
    );
  });

  it('gives up after about a day of tries, not minutes', () => {
    const total = Array.from({ length: MAX_TRIES - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(12 * 3_600_000);
  });
});
