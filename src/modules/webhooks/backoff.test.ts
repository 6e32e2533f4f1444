import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, retryDelayMs } from './backoff.js';

const policy = { baseMs: 1000, capMs: 60_000, maxAttempts: 8 };

describe('retryDelayMs', () => {
  it.each([
    [1, 0.999, 999],
    [2, 0.5, 1000],
    [3, 0.5, 2000],
    [7, 0.999, 59_940],
    [40, 0.5, 30_000],
    [5000, 0.5, 30_000],
    [3, 0, 0],
  ])('after %i failures with draw %f: %i ms', (failures, random, expected) => {
    expect(retryDelayMs(failures, policy, random)).toBe(expected);
  });

  it('stays within [0, min(cap, base × 2^(n−1))) and is a whole number of ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, baseMs, extra, random) => {
        const capMs = baseMs + extra;
        const delay = retryDelayMs(n, { baseMs, capMs }, random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(capMs, baseMs * 2 ** Math.min(n - 1, 52)));
      }),
    );
  });
});

describe('afterFailure', () => {
  it('retries until the last allowed attempt, then dead-letters', () => {
    expect(afterFailure(7, policy, 0.5)).toEqual({ dead: false, delayMs: 30_000 });
    expect(afterFailure(8, policy, 0.5)).toEqual({ dead: true });
  });
});
