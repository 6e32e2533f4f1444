import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { columnIndex } from './columns.js';
import { MAX_LINES_PER_ORDER, OrderGrouper, type GroupedOrder } from './order-groups.js';
import { ORDER_COLUMNS, OrderRowReader, REQUIRED_ORDER_COLUMNS } from './order-rows.js';
import type { SourceRow } from './rows.js';

const program = loadConfig({}).program;
const now = new Date('2026-06-01T12:00:00Z');
const reader = () => new OrderRowReader(columnIndex(ORDER_COLUMNS, ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS), ORDER_COLUMNS.length);

type Row = Partial<Record<(typeof ORDER_COLUMNS)[number], string>>;
const base: Row = { member_external_id: 'M1', occurred_at: '2026-05-01T10:00:00Z', sku: 'LATTE', quantity: '2', unit_price: '400', currency: 'EUR', store_id: 's1' };

function rows(...specs: Row[]): SourceRow[] {
  return specs.map((spec, i) => ({ line: i + 2, fields: ORDER_COLUMNS.map((column) => ({ ...base, ...spec })[column] ?? '') }));
}

function group(input: SourceRow[]): GroupedOrder[] {
  const grouper = new OrderGrouper(reader(), { program, now });
  const out = input.map((row) => grouper.add(row));
  out.push(grouper.finish());
  return out.filter((g): g is GroupedOrder => g !== null);
}

function reasons(grouped: GroupedOrder[]): [number, string][] {
  return grouped.flatMap((g) => ('rejected' in g ? g.rejected.map((r): [number, string] => [r.line, r.reason]) : []));
}

describe('OrderGrouper', () => {
  it('groups contiguous lines into orders with amounts and no points', () => {
    const grouped = group(rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '2', discount: '100' }, { order_id: 'B', line_id: '1' }));
    expect(grouped).toHaveLength(2);
    const [a, b] = grouped.map((g) => ('order' in g ? g.order : null));
    expect(a).toMatchObject({ externalId: 'A', memberRef: 'M1', plan: { total: 1500 } });
    expect(a!.plan).not.toHaveProperty('points');
    expect(a!.plan.lines.map((l) => [l.lineId, l.amount, l.discount])).toEqual([['1', 800, 0], ['2', 700, 100]]);
    expect(a!.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(b).toMatchObject({ externalId: 'B', plan: { total: 800 } });
  });

  it.each([
    {
      name: 'a bad line rejects its whole order, the other lines saying why',
      input: rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '2', quantity: '0' }),
      expected: [[2, 'rejected with its order A: line 3 is invalid'], [3, 'quantity: must be at least 1']],
    },
    {
      name: 'money must be whole minor units',
      input: rows({ order_id: 'A', line_id: '1', unit_price: '3.50' }),
      expected: [[2, 'unit_price: must be a whole number (money in minor units: 350 for 3.50)']],
    },
    {
      name: 'a row with the wrong number of fields',
      input: [{ line: 2, fields: ['A', 'M1'] }],
      expected: [[2, 'has 2 fields; the header has 13']],
    },
    {
      name: 'lines disagreeing on the member',
      input: rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '2', member_external_id: 'M2' }),
      expected: [[2, 'the lines of order A disagree on member_external_id'], [3, 'the lines of order A disagree on member_external_id']],
    },
    {
      name: 'lines disagreeing on currency and time',
      input: rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '2', currency: 'USD', occurred_at: '2026-05-02T10:00:00Z' }),
      expected: [[2, 'the lines of order A disagree on currency, occurred_at'], [3, 'the lines of order A disagree on currency, occurred_at']],
    },
    {
      name: 'a duplicate line id, named on its line',
      input: rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '1' }),
      expected: [[2, 'duplicate_line_id: Each line needs its own lineId.'], [3, 'duplicate_line_id: duplicate lineId 1']],
    },
    { name: 'an unknown currency', input: rows({ order_id: 'A', line_id: '1', currency: 'XYZ' }), expected: [[2, 'currency_invalid: XYZ is not an ISO 4217 currency.']] },
    {
      name: 'a currency the program does not take',
      input: rows({ order_id: 'A', line_id: '1', currency: 'JPY' }),
      expected: [[2, 'currency_not_supported: This program accepts EUR, USD, GBP, not JPY.']],
    },
    { name: 'a time in the future', input: rows({ order_id: 'A', line_id: '1', occurred_at: '2026-06-02T00:00:00Z' }), expected: [[2, 'occurred_in_future: occurredAt is in the future.']] },
    { name: 'a negative quantity', input: rows({ order_id: 'A', line_id: '1', quantity: '-3' }), expected: [[2, 'quantity: must be at least 1']] },
  ])('$name', ({ input, expected }) => {
    expect(reasons(group(input))).toEqual(expected);
  });

  it('the same instant written two ways is one time', () => {
    const grouped = group(rows({ order_id: 'A', line_id: '1' }, { order_id: 'A', line_id: '2', occurred_at: '2026-05-01T12:00:00+02:00' }));
    expect(grouped.every((g) => 'order' in g)).toBe(true);
  });

  it(`an order of more than ${MAX_LINES_PER_ORDER} lines is rejected line by line without holding them all`, () => {
    const many = rows(...Array.from({ length: MAX_LINES_PER_ORDER + 3 }, (_, i) => ({ order_id: 'BIG', line_id: String(i + 1) })), { order_id: 'NEXT', line_id: '1' });
    const grouped = group(many);
    expect(reasons(grouped)).toHaveLength(MAX_LINES_PER_ORDER + 3);
    expect(reasons(grouped)[0]![1]).toBe(`order BIG has more than ${MAX_LINES_PER_ORDER} lines`);
    expect(grouped.at(-1)).toMatchObject({ order: { externalId: 'NEXT' } });
  });

  it('every row ends up in exactly one order or one rejection (property)', () => {
    const spec = fc.record({
      order: fc.constantFrom('A', 'B', 'C'),
      line: fc.constantFrom('1', '2', '3'),
      quantity: fc.constantFrom('1', '2', '-1', 'x'),
      member: fc.constantFrom('M1', 'M2'),
    });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 30 }), (specs) => {
        const input = rows(...specs.map((s) => ({ order_id: s.order, line_id: s.line, quantity: s.quantity, member_external_id: s.member })));
        const grouped = group(input);
        const seen = grouped.flatMap((g) => ('order' in g ? g.order.rows.map((r) => r.line) : g.rejected.map((r) => r.line)));
        expect(seen.sort((a, b) => a - b)).toEqual(input.map((r) => r.line));
        for (const g of grouped) if ('order' in g) expect(new Set(g.order.rows.map((r) => r.fields[0]))).toEqual(new Set([g.order.externalId]));
      }),
    );
  });
});

describe('OrderRowReader', () => {
  it('remembers checked values without changing any answer (property)', () => {
    const value = fc.oneof(fc.constantFrom('1', '0', '-1', '10001', '350', '3.5', '', 'abc', '99999999999999'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 20 }), (triples) => {
        const cached = reader();
        for (const [quantity, price, discount] of triples) {
          const fields = rows({ order_id: 'A', line_id: '1', quantity, unit_price: price, discount })[0]!.fields;
          expect(cached.lineFields(fields)).toEqual(reader().lineFields(fields));
        }
      }),
    );
  });
});
