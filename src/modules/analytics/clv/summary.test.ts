import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from './errors.js';
import { assertValidSummaries, compressSummaries, summaryProblem } from './summary.js';

const ok = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

describe('summaryProblem', () => {
  it.each([
    [ok, null],
    [{ frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 }, null],
    [{ frequency: 0, recency: 0, T: 0, monetaryValue: 0 }, null],
    [{ ...ok, frequency: -1 }, 'frequency must not be negative (-1)'],
    [{ ...ok, frequency: 1.5 }, 'frequency must be a whole number of repeat purchases (1.5)'],
    [{ ...ok, recency: 40 }, 'recency (40) must not exceed T (38.86)'],
    [{ ...ok, T: Number.NaN }, 'T must be a finite number'],
    [{ ...ok, monetaryValue: Infinity }, 'monetary_value must be a finite number'],
    [{ frequency: 0, recency: 3, T: 38.86, monetaryValue: 0 }, 'recency must be 0 without repeat purchases (3)'],
    [{ ...ok, monetaryValue: 0 }, 'monetary_value must be positive for a repeat customer'],
  ])('%j → %s', (summary, problem) => {
    expect(summaryProblem(summary)).toBe(problem);
  });

  it('assertValidSummaries names the customer', () => {
    expect(() => assertValidSummaries([{ customerId: 'c9', ...ok, recency: 99 }])).toThrow(new ClvError('clv_invalid_row', 'customer c9: recency (99) must not exceed T (38.86)'));
  });
});

describe('compressSummaries', () => {
  it('groups identical (frequency, recency, T) and counts them', () => {
    const compressed = compressSummaries([
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 1, recency: 3, T: 10 },
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 0, recency: -0, T: 10 },
      { frequency: 1, recency: 3, T: 11 },
    ]);
    expect(Array.from(compressed.frequency)).toEqual([0, 1, 1]);
    expect(Array.from(compressed.T)).toEqual([10, 10, 11]);
    expect(Array.from(compressed.count)).toEqual([3, 1, 1]);
    expect(compressed.customers).toBe(5);
  });

  it('keeps every customer exactly once: expanding the groups gives back the input multiset', () => {
    const customer = fc.record({ frequency: fc.integer({ min: 0, max: 3 }), recency: fc.constantFrom(0, 0.5, 1, 2.25), T: fc.constantFrom(2.25, 3, 1e-9, 1e9) });
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 200 }), (customers) => {
        const c = compressSummaries(customers);
        const expanded = Array.from(c.count).flatMap((n, i) => Array.from({ length: n }, () => `${c.frequency[i]}/${c.recency[i]}/${c.T[i]}`));
        const key = (s: (typeof customers)[number]) => `${s.frequency}/${s.recency}/${s.T}`;
        expect(expanded.sort()).toEqual(customers.map(key).sort());
        expect(new Set(expanded).size).toBe(c.count.length);
      }),
    );
  });
});
