import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  allocate,
  attributePoints,
  attributeWithBigInt,
  floorDiv,
  clawbackForLine,
  currencyDigits,
  isKnownCurrency,
  lotSchedule,
  pointsForAmount,
  type LotBalance,
} from './arithmetic.js';

const utc = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('currencyDigits', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
  ])('%s has %i minor-unit digits', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
  });

  it('answers the same from its cache on a second call', () => {
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('JPY')).toBe(0);
  });

  it('throws on a malformed code instead of guessing', () => {
    expect(() => currencyDigits('EU')).toThrow(RangeError);
  });
});

describe('isKnownCurrency', () => {
  it.each([
    ['EUR', true],
    ['JPY', true],
    ['KWD', true],
    ['XYZ', false],
    ['eur', false],
    ['EURO', false],
    ['', false],
  ])('%j → %s', (code, known) => {
    expect(isKnownCurrency(code)).toBe(known);
  });
});

describe('pointsForAmount', () => {
  it.each([
    // amountMinor, currency, rate, points
    [1999, 'EUR', 1, 19], // the doc example: €19.99 earns 19, rounded down
    [3499, 'EUR', 1, 34], // the smoke test: 2 × €12.50 + €9.99
    [99, 'EUR', 1, 0],
    [100, 'EUR', 1, 1],
    [0, 'EUR', 1, 0],
    [1999, 'EUR', 3, 59], // 59.97 → 59
    [1999, 'JPY', 1, 1999], // JPY has no minor unit: ¥1999 is 1999 major units
    [1999, 'JPY', 2, 3998],
    [12_345, 'KWD', 1, 12], // 12.345 KWD
    [999, 'BHD', 2, 1], // 0.999 BHD × 2 = 1.998 → 1
    [1000, 'BHD', 1, 1],
    [100_000_000_000, 'EUR', 1000, 1_000_000_000_000],
  ])('%i minor units of %s at %i/unit → %i', (amount, currency, rate, points) => {
    expect(pointsForAmount(amount, currency, rate)).toBe(points);
  });

  it('is exactly floor(amount × rate / 10^digits), even past 2^53 intermediate products', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        fc.integer({ min: 1, max: 1000 }),
        (amount, currency, rate) => {
          const points = pointsForAmount(amount, currency, rate);
          const scale = 10n ** BigInt(currencyDigits(currency));
          const earnedValue = BigInt(amount) * BigInt(rate);
          const exact = earnedValue / scale;
          if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
            // Past 2^53 the result cannot be exact; it must at least be detectably unsafe (planOrder refuses it).
            expect(Number.isSafeInteger(points)).toBe(false);
            return;
          }
          // Never pays for money not spent, and never withholds a whole point that was.
          expect(BigInt(points)).toBe(exact);
          expect(BigInt(points) * scale <= earnedValue).toBe(true);
          expect((BigInt(points) + 1n) * scale > earnedValue).toBe(true);
        },
      ),
    );
  });

  it('is monotone in the amount', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.nat({ max: 1e6 }), fc.constantFrom('EUR', 'JPY', 'BHD'), (a, extra, currency) => {
        expect(pointsForAmount(a + extra, currency, 1)).toBeGreaterThanOrEqual(pointsForAmount(a, currency, 1));
      }),
    );
  });
});

describe('attributePoints', () => {
  it.each([
    // amounts, total, expected shares
    [[150, 150, 150], 4, [2, 1, 1]], // doc example: the tie goes to the earliest line
    [[1, 1], 1, [1, 0]],
    [[1, 1, 1], 2, [1, 1, 0]],
    [[2500, 999], 34, [24, 10]], // smoke-test order: 24.29 / 9.71 → the bigger remainder (line 2) gets the spare point
    [[10, 20, 30], 7, [1, 2, 4]], // 1.17 / 2.33 / 3.5
    [[1, 2], 2, [1, 1]], // 0.67 / 1.33: remainder 2/3 beats 1/3
    [[100], 7, [7]],
    [[0, 500], 5, [0, 5]],
    [[0, 0], 5, [0, 0]], // nothing to split by: no line earns
    [[300, 700], 0, [0, 0]],
    [[], 0, []],
    [[1, 1_000_000], 1, [0, 1]],
  ])('%j split %i → %j', (amounts, total, expected) => {
    expect(attributePoints(amounts, total)).toEqual(expected);
  });

  const amountsArb = fc.array(fc.nat({ max: 1_000_000_000_000_000 }), { minLength: 1, maxLength: 40 });
  const totalArb = fc.nat({ max: 1_000_000_000_000 });

  it('sums exactly to the total and keeps each share within 1 of its proportional share', () => {
    fc.assert(
      fc.property(amountsArb, totalArb, (amounts, total) => {
        const shares = attributePoints(amounts, total);
        expect(shares).toHaveLength(amounts.length);
        const sum = amounts.reduce((acc, a) => acc + BigInt(a), 0n);
        if (sum === 0n) {
          expect(shares.every((share) => share === 0)).toBe(true);
          return;
        }
        expect(shares.reduce((acc, share) => acc + BigInt(share), 0n)).toBe(BigInt(total));
        shares.forEach((share, i) => {
          expect(Number.isSafeInteger(share)).toBe(true);
          // |share − amount·total/sum| < 1, compared exactly: |share·sum − amount·total| < sum.
          const diff = BigInt(share) * sum - BigInt(amounts[i]!) * BigInt(total);
          expect(diff < sum && -diff < sum).toBe(true);
        });
      }),
    );
  });

  it('gives a zero-amount line nothing, and a line at least what a smaller line gets', () => {
    fc.assert(
      fc.property(amountsArb, totalArb, (amounts, total) => {
        const shares = attributePoints(amounts, total);
        amounts.forEach((a, i) => {
          if (a === 0) expect(shares[i]).toBe(0);
          amounts.forEach((b, j) => {
            if (a > b) expect(shares[i]!).toBeGreaterThanOrEqual(shares[j]!);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('hands the spare points to the largest remainders, ties to the earlier line', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), fc.nat({ max: 5000 }), (amounts, total) => {
        const shares = attributePoints(amounts, total);
        const sum = BigInt(amounts.reduce((acc, a) => acc + a, 0));
        const rem = amounts.map((a) => (BigInt(a) * BigInt(total)) % sum);
        const bumped = amounts.map((a, i) => BigInt(shares[i]!) > (BigInt(a) * BigInt(total)) / sum);
        // Every bumped line ranks before every unbumped line by (remainder desc, index asc).
        bumped.forEach((isBumped, i) => {
          if (!isBumped) return;
          bumped.forEach((other, j) => {
            if (other) return;
            expect(rem[i]! > rem[j]! || (rem[i] === rem[j] && i < j)).toBe(true);
          });
        });
      }),
    );
  });
});

describe('clawbackForLine', () => {
  const line = (points: number, quantity: number, refundedQuantity = 0, clawedBack = 0) => ({ points, quantity, refundedQuantity, clawedBack });

  it.each([
    // state, refund, clawback
    [line(10, 3), 1, 3], // doc example
    [line(10, 3), 3, 10],
    [line(10, 3, 1, 3), 1, 3], // 2nd unit: floor(20/3) − 3
    [line(10, 3, 2, 6), 1, 4], // last unit takes the remainder
    [line(10, 3), 2, 6],
    [line(10, 3, 2, 6), 0, 0],
    [line(0, 5), 5, 0],
    [line(1, 2), 1, 0], // half a point rounds down on the first unit…
    [line(1, 2, 1, 0), 1, 1], // …and the second unit claws the whole point back
    [line(7, 1), 1, 7],
  ])('%j refunding %i → %i', (state, quantity, expected) => {
    expect(clawbackForLine(state, quantity)).toBe(expected);
  });

  /** Refunds the line in the given steps, threading the state like refundOrder does. */
  function clawInSteps(points: number, steps: readonly number[]): number[] {
    const quantity = steps.reduce((a, b) => a + b, 0);
    let refundedQuantity = 0;
    let clawedBack = 0;
    return steps.map((step) => {
      const taken = clawbackForLine({ points, quantity, refundedQuantity, clawedBack }, step);
      refundedQuantity += step;
      clawedBack += taken;
      return taken;
    });
  }

  const stepsArb = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 });
  const pointsArb = fc.nat({ max: 1_000_000_000_000 });

  it('over any partition of the quantity sums to exactly the line’s points, never going negative', () => {
    fc.assert(
      fc.property(pointsArb, stepsArb, (points, steps) => {
        const taken = clawInSteps(points, steps);
        expect(taken.reduce((a, b) => a + b, 0)).toBe(points);
        expect(taken.every((t) => t >= 0)).toBe(true);
      }),
    );
  });

  it('depends only on the cumulative quantity refunded, not on how it was split', () => {
    fc.assert(
      fc.property(pointsArb, stepsArb, (points, steps) => {
        const quantity = steps.reduce((a, b) => a + b, 0);
        let cumulativeQuantity = 0;
        let cumulativePoints = 0;
        const taken = clawInSteps(points, steps);
        steps.forEach((step, i) => {
          cumulativeQuantity += step;
          cumulativePoints += taken[i]!;
          expect(BigInt(cumulativePoints)).toBe((BigInt(points) * BigInt(cumulativeQuantity)) / BigInt(quantity));
          expect(cumulativePoints).toBeLessThanOrEqual(points);
        });
      }),
    );
  });
});

describe('allocate', () => {
  const lots = (...remaining: number[]): LotBalance[] => remaining.map((r, i) => ({ id: `lot${i + 1}`, remaining: r }));

  it.each([
    // lots, points, allocations, shortfall
    [lots(10, 10), 5, [{ lotId: 'lot1', points: 5 }], 0],
    [lots(10, 10), 10, [{ lotId: 'lot1', points: 10 }], 0],
    [lots(10, 10), 15, [{ lotId: 'lot1', points: 10 }, { lotId: 'lot2', points: 5 }], 0],
    [lots(10, 10), 25, [{ lotId: 'lot1', points: 10 }, { lotId: 'lot2', points: 10 }], 5],
    [lots(0, 4, 0, 6), 7, [{ lotId: 'lot2', points: 4 }, { lotId: 'lot4', points: 3 }], 0], // empty lots are skipped
    [lots(10), 0, [], 0],
    [lots(), 8, [], 8],
  ])('%j taking %i', (given, points, allocations, shortfall) => {
    expect(allocate(given, points)).toEqual({ allocations, shortfall });
  });

  const lotsArb = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), remaining: fc.nat({ max: 500 }), expiresInDays: fc.integer({ min: 1, max: 800 }) }),
    { selector: (lot) => lot.id, maxLength: 12 },
  );

  it('never takes more than a lot holds, takes soonest-expiring first, and covers the request when it can', () => {
    fc.assert(
      fc.property(lotsArb, fc.nat({ max: 3000 }), (generated, points) => {
        // Callers pass lots soonest-expiring first; do the same.
        const ordered = [...generated].sort((a, b) => a.expiresInDays - b.expiresInDays);
        const { allocations, shortfall } = allocate(ordered, points);
        const held = new Map(ordered.map((lot) => [lot.id, lot.remaining]));
        const available = ordered.reduce((acc, lot) => acc + lot.remaining, 0);

        for (const allocation of allocations) {
          expect(allocation.points).toBeGreaterThan(0);
          expect(allocation.points).toBeLessThanOrEqual(held.get(allocation.lotId)!);
        }
        expect(new Set(allocations.map((a) => a.lotId)).size).toBe(allocations.length);
        const taken = allocations.reduce((acc, a) => acc + a.points, 0);
        expect(taken + shortfall).toBe(points);
        expect(taken).toBe(Math.min(points, available));
        expect(shortfall).toBe(Math.max(0, points - available));

        // Soonest-expiring first: every non-empty lot before the last one touched is drained; none after is touched.
        const lastTouched = allocations.length === 0 ? -1 : ordered.findIndex((lot) => lot.id === allocations.at(-1)!.lotId);
        const byId = new Map(allocations.map((a) => [a.lotId, a.points]));
        ordered.forEach((lot, index) => {
          if (index < lastTouched) expect(byId.get(lot.id) ?? 0).toBe(lot.remaining);
          if (index > lastTouched) expect(byId.has(lot.id)).toBe(false);
        });
        // Allocations come back in the order of the lots.
        const positions = allocations.map((a) => ordered.findIndex((lot) => lot.id === a.lotId));
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
      }),
    );
  });
});

describe('addDays', () => {
  it('adds whole 24-hour UTC days, unaffected by local DST changes', () => {
    expect(iso(addDays(utc('2025-03-29T12:00:00Z'), 2))).toBe('2025-03-31T12:00:00.000Z');
    expect(iso(addDays(utc('2024-02-28T00:00:00Z'), 1))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(addDays(utc('2025-12-31T23:59:59.999Z'), 1))).toBe('2026-01-01T23:59:59.999Z');
    expect(iso(addDays(utc('2025-01-10T00:00:00Z'), -10))).toBe('2024-12-31T00:00:00.000Z');
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-01-31T00:00:00.000Z', 1, '2025-02-28T00:00:00.000Z'], // clamped to February's last day
    ['2024-01-31T00:00:00.000Z', 1, '2024-02-29T00:00:00.000Z'], // leap year
    ['2024-02-29T00:00:00.000Z', 12, '2025-02-28T00:00:00.000Z'], // leap day → non-leap year
    ['2024-02-29T00:00:00.000Z', 48, '2028-02-29T00:00:00.000Z'],
    ['1900-01-31T00:00:00.000Z', 1, '1900-02-28T00:00:00.000Z'], // 1900 is not a leap year
    ['2000-01-31T00:00:00.000Z', 1, '2000-02-29T00:00:00.000Z'], // 2000 is
    ['2025-03-31T00:00:00.000Z', 1, '2025-04-30T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 2, '2025-03-31T00:00:00.000Z'], // clamping does not carry over to later months
    ['2025-11-30T00:00:00.000Z', 3, '2026-02-28T00:00:00.000Z'], // across a year end
    ['2025-12-31T00:00:00.000Z', 1, '2026-01-31T00:00:00.000Z'],
    ['2025-01-15T13:45:10.123Z', 1, '2025-02-15T13:45:10.123Z'], // time of day kept
    ['2025-03-31T00:00:00.000Z', -1, '2025-02-28T00:00:00.000Z'], // backwards, clamped too
    ['2025-01-31T00:00:00.000Z', -2, '2024-11-30T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 0, '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T08:00:00.000Z', 120, '2035-01-31T08:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, to) => {
    expect(iso(addMonths(utc(from), months))).toBe(to);
  });

  it('does not mutate its argument', () => {
    const date = utc('2025-01-31T00:00:00Z');
    addMonths(date, 1);
    expect(iso(date)).toBe('2025-01-31T00:00:00.000Z');
  });

  const dateArb = fc.date({ min: utc('1970-01-01T00:00:00Z'), max: utc('2200-12-31T23:59:59Z'), noInvalidDate: true });
  const timeOfDay = (date: Date) => (((date.getTime() % 86_400_000) + 86_400_000) % 86_400_000);
  const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

  it('lands in the right month on min(day, last day of month), same time of day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -240, max: 240 }), (date, months) => {
        const result = addMonths(date, months);
        const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
        expect(result.getUTCFullYear()).toBe(Math.floor(monthIndex / 12));
        expect(result.getUTCMonth()).toBe(((monthIndex % 12) + 12) % 12);
        expect(result.getUTCDate()).toBe(Math.min(date.getUTCDate(), daysInMonth(result.getUTCFullYear(), result.getUTCMonth())));
        expect(timeOfDay(result)).toBe(timeOfDay(date));
      }),
    );
  });

  it('round-trips for days 1–28', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -240, max: 240 }), (date, months) => {
        fc.pre(date.getUTCDate() <= 28);
        expect(addMonths(addMonths(date, months), -months).getTime()).toBe(date.getTime());
      }),
    );
  });
});

describe('lotSchedule', () => {
  it.each([
    // occurredAt, returnWindowDays, expiryMonths, availableAt, expiresAt
    ['2025-01-01T12:00:00.000Z', 30, 12, '2025-01-31T12:00:00.000Z', '2026-01-31T12:00:00.000Z'],
    ['2025-01-01T12:00:00.000Z', 30, 1, '2025-01-31T12:00:00.000Z', '2025-02-28T12:00:00.000Z'], // expiry counts from availability, clamped
    ['2024-01-30T00:00:00.000Z', 30, 12, '2024-02-29T00:00:00.000Z', '2025-02-28T00:00:00.000Z'],
    ['2025-06-15T09:30:00.000Z', 0, 6, '2025-06-15T09:30:00.000Z', '2025-12-15T09:30:00.000Z'], // no return window
    ['2025-06-15T09:30:00.000Z', 14, 0, '2025-06-29T09:30:00.000Z', null], // 0 months: never expires
  ])('earned %s, window %i days, expiry %i months', (occurred, returnWindowDays, expiryMonths, availableAt, expiresAt) => {
    const schedule = lotSchedule(utc(occurred), { returnWindowDays, expiryMonths });
    expect(iso(schedule.availableAt)).toBe(availableAt);
    expect(iso(schedule.expiresAt)).toBe(expiresAt);
  });

  it('always unlocks no earlier than it was earned and expires after it unlocks', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('2000-01-01T00:00:00Z'), max: utc('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 0, max: 120 }),
        (occurredAt, returnWindowDays, expiryMonths) => {
          const { availableAt, expiresAt } = lotSchedule(occurredAt, { returnWindowDays, expiryMonths });
          expect(availableAt.getTime() - occurredAt.getTime()).toBe(returnWindowDays * 86_400_000);
          if (expiryMonths === 0) expect(expiresAt).toBeNull();
          else expect(expiresAt!.getTime()).toBeGreaterThan(availableAt.getTime());
        },
      ),
    );
  });
});

describe('plain-number fast paths agree with BigInt exactly', () => {
  it('attributePoints', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100_000_000_000 })), { minLength: 1, maxLength: 12 }),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1_000_000_000_000 })),
        (amounts, total) => {
          expect(attributePoints(amounts, total)).toEqual(attributeWithBigInt(amounts, total));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('floorDiv', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 1_000_000_000_000 }), (n, d) => {
        expect(floorDiv(n, d)).toBe(Number(BigInt(n) / BigInt(d)));
      }),
      { numRuns: 5000 },
    );
    expect(floorDiv(2 ** 53, 3)).toBeNull();
  });
});

