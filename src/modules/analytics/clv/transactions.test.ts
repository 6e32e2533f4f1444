import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from './errors.js';
import { summaryProblem } from './summary.js';
import { calendarDay, TransactionSummarizer, type Transaction } from './transactions.js';

const day = (text: string) => calendarDay(text)!;

describe('calendarDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['2026-03-01', day('2026-02-28') + 1],
    ['2026-03-01T23:59:59-11:00', day('2026-03-01')],
    ['2026-03-01 08:00', day('2026-03-01')],
    [' 2024-02-29 ', day('2024-02-28') + 1],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['01/03/2026', null],
    ['', null],
  ])('%j → %s', (text, expected) => {
    expect(calendarDay(text)).toBe(expected);
  });
});

function summarize(rows: [string, string, number][], end: string, unit: 'day' | 'week' | 'month' = 'day') {
  const summarizer = new TransactionSummarizer(day(end), unit);
  for (const [customerId, date, amount] of rows) summarizer.add({ customerId, day: day(date), amount });
  return summarizer.summaries();
}

describe('TransactionSummarizer', () => {
  it('collapses same-day purchases, leaves the first day out of the mean spend and ignores the holdout', () => {
    const summaries = summarize(
      [
        ['a', '2026-01-10', 30],
        ['a', '2026-01-01', 99],
        ['a', '2026-01-10', 10],
        ['a', '2026-01-01', 1],
        ['a', '2026-01-20', 20],
        ['a', '2026-02-15', 500],
        ['b', '2026-01-31', 12],
        ['c', '2026-02-02', 7],
      ],
      '2026-01-31',
    );
    expect(summaries).toEqual([
      // Days 1 (99 + 1), 10 (30 + 10) and 20 (20): two repeat purchases worth 40 and 20.
      { customerId: 'a', frequency: 2, recency: 19, T: 30, monetaryValue: 30 },
      { customerId: 'b', frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
  });

  it('gives every customer a summary the models accept, one purchase per distinct day up to the end', () => {
    const row = fc.record({ customerId: fc.constantFrom('a', 'b', 'c', 'd'), day: fc.integer({ min: 0, max: 120 }), amount: fc.double({ min: 0.01, max: 500, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), fc.integer({ min: 0, max: 120 }), fc.constantFrom('day', 'week', 'month'), (rows, end, unit) => {
        const summarizer = new TransactionSummarizer(end, unit);
        rows.forEach((r) => summarizer.add(r));
        const summaries = summarizer.summaries();
        for (const s of summaries) expect(summaryProblem(s)).toBeNull();
        const purchaseDays = new Set(rows.filter((r) => r.day <= end).map((r) => `${r.customerId}/${r.day}`)).size;
        expect(summaries.reduce((sum, s) => sum + s.frequency + 1, 0)).toBe(purchaseDays);
      }),
    );
  });

  it.each([
    ['day', 1],
    ['week', 7],
    ['month', 365.25 / 12],
  ] as const)('expresses recency and T in %ss', (unit, days) => {
    const [summary] = summarize(
      [
        ['a', '2026-01-01', 5],
        ['a', '2026-01-15', 5],
      ],
      '2026-03-02',
      unit,
    );
    expect(summary!.recency).toBeCloseTo(14 / days, 12);
    expect(summary!.T).toBeCloseTo(60 / days, 12);
  });

  it.each([
    [{ customerId: 'a', day: 1, amount: -5 }, 'line 7: amount must be a non-negative number (-5)'],
    [{ customerId: 'a', day: 1, amount: Number.NaN }, 'line 7: amount must be a non-negative number (NaN)'],
    [{ customerId: '', day: 1, amount: 5 }, 'line 7: customer id is empty'],
    [{ customerId: 'a', day: 1.5, amount: 5 }, 'line 7: not a calendar day'],
  ] satisfies [Transaction, string][])('refuses %j', (transaction, message) => {
    const summarizer = new TransactionSummarizer(100, 'day');
    expect(() => summarizer.add(transaction, 'line 7')).toThrow(new ClvError('clv_invalid_row', message));
  });
});
