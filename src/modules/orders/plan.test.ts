import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../config.js';
import { DomainError, type FieldProblem } from '../../errors.js';
import { pointsForAmount } from '../ledger/arithmetic.js';
import type { CreateOrderInput } from './contract.js';
import { InvalidOrder, OrderRejected } from './errors.js';
import { planOrder } from './plan.js';
import { planRefund, type LineState } from './refunds.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');

const program: ProgramConfig = {
  currencies: ['EUR', 'USD', 'GBP', 'JPY', 'KWD'],
  pointsPerMajorUnit: 1,
  pointValueMinor: 1,
  returnWindowDays: 30,
  expiryMonths: 12,
  clawbackPolicy: 'negative',
};

type Line = CreateOrderInput['lines'][number];

function order(lines: Partial<Line>[], overrides: Partial<CreateOrderInput> = {}): CreateOrderInput {
  return {
    memberId: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t',
    currency: 'EUR',
    occurredAt: '2025-06-01T10:00:00Z',
    lines: lines.map((line, i) => ({ lineId: `l${i + 1}`, sku: `sku-${i + 1}`, quantity: 1, unitPrice: 100, ...line })),
    ...overrides,
  };
}

/** Runs `fn`, expecting a DomainError; returns it for further checks. */
function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('planOrder: happy path', () => {
  it.each([
    {
      name: 'smoke-test order: 2 × €12.50 + €9.99',
      input: order([{ quantity: 2, unitPrice: 1250 }, { unitPrice: 999 }]),
      rate: 1,
      total: 3499,
      points: 34,
      amounts: [2500, 999],
      linePoints: [24, 10],
    },
    { name: 'doc example: 2 × €4.50', input: order([{ quantity: 2, unitPrice: 450 }]), rate: 1, total: 900, points: 9, amounts: [900], linePoints: [9] },
    { name: 'cents never earn a point', input: order([{ unitPrice: 99 }]), rate: 1, total: 99, points: 0, amounts: [99], linePoints: [0] },
    { name: 'JPY has no minor unit', input: order([{ quantity: 3, unitPrice: 1999 }], { currency: 'JPY' }), rate: 1, total: 5997, points: 5997, amounts: [5997], linePoints: [5997] },
    { name: 'KWD has three digits', input: order([{ unitPrice: 12_345 }], { currency: 'KWD' }), rate: 1, total: 12_345, points: 12, amounts: [12_345], linePoints: [12] },
    { name: 'rate 3 rounds down once, on the order total', input: order([{ unitPrice: 1999 }]), rate: 3, total: 1999, points: 59, amounts: [1999], linePoints: [59] },
    {
      name: 'a discount comes off its line',
      input: order([{ quantity: 2, unitPrice: 1000, discount: 250 }, { unitPrice: 500 }]),
      rate: 1,
      total: 2250,
      points: 22,
      amounts: [1750, 500],
      linePoints: [17, 5], // 17.11 / 4.89 → the spare point goes to the bigger remainder
    },
    {
      name: 'a fully discounted line earns nothing',
      input: order([{ quantity: 2, unitPrice: 300, discount: 600 }, { unitPrice: 1000 }]),
      rate: 1,
      total: 1000,
      points: 10,
      amounts: [0, 1000],
      linePoints: [0, 10],
    },
    { name: 'a free order', input: order([{ unitPrice: 0 }, { unitPrice: 0 }]), rate: 1, total: 0, points: 0, amounts: [0, 0], linePoints: [0, 0] },
    {
      name: 'order total rounds down, not each line',
      input: order([{ unitPrice: 150 }, { unitPrice: 150 }, { unitPrice: 150 }]),
      rate: 1,
      total: 450,
      points: 4,
      amounts: [150, 150, 150],
      linePoints: [2, 1, 1],
    },
  ])('$name', ({ input, rate, total, points, amounts, linePoints }) => {
    const plan = planOrder(input, { ...program, pointsPerMajorUnit: rate }, NOW);
    expect(plan.total).toBe(total);
    expect(plan.points).toBe(points);
    expect(plan.lines.map((line) => line.amount)).toEqual(amounts);
    expect(plan.lines.map((line) => line.points)).toEqual(linePoints);
  });

  it('copies the lines with their position and fills in defaults', () => {
    const plan = planOrder(
      order([
        { lineId: 'a', sku: 'shoe', category: 'footwear', quantity: 2, unitPrice: 450, discount: 100, currency: 'EUR' },
        { lineId: 'b', sku: 'sock', unitPrice: 200 },
      ]),
      program,
      NOW,
    );
    expect(plan.lines).toEqual([
      { lineId: 'a', position: 0, sku: 'shoe', category: 'footwear', brand: null, quantity: 2, unitPrice: 450, discount: 100, amount: 800, points: 8 },
      { lineId: 'b', position: 1, sku: 'sock', category: null, brand: null, quantity: 1, unitPrice: 200, discount: 0, amount: 200, points: 2 },
    ]);
  });

  it('schedules the lot from occurredAt: pending for the return window, expiring months after it unlocks', () => {
    const plan = planOrder(order([{ unitPrice: 1000 }], { occurredAt: '2025-01-01T12:00:00+02:00' }), program, NOW);
    expect(plan.occurredAt.toISOString()).toBe('2025-01-01T10:00:00.000Z');
    expect(plan.availableAt.toISOString()).toBe('2025-01-31T10:00:00.000Z');
    expect(plan.expiresAt?.toISOString()).toBe('2026-01-31T10:00:00.000Z');

    const forever = planOrder(order([{ unitPrice: 1000 }], { occurredAt: '2025-01-01T12:00:00Z' }), { ...program, expiryMonths: 0, returnWindowDays: 0 }, NOW);
    expect(forever.availableAt.toISOString()).toBe('2025-01-01T12:00:00.000Z');
    expect(forever.expiresAt).toBeNull();
  });

  it('accepts an occurredAt up to five minutes ahead of the server clock (till clock drift)', () => {
    const edge = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    expect(planOrder(order([{ unitPrice: 100 }], { occurredAt: edge }), program, NOW).points).toBe(1);
  });

  it('accepts the largest order whose total is still exact', () => {
    const plan = planOrder(
      order(Array.from({ length: 9 }, () => ({ quantity: 10_000, unitPrice: 100_000_000_000 }))),
      program,
      NOW,
    );
    expect(plan.total).toBe(9_000_000_000_000_000);
    expect(plan.points).toBe(90_000_000_000_000);
    expect(plan.lines.every((line) => line.points === 10_000_000_000_000)).toBe(true);
  });

  it('line points always add up to the order points, which are the base rate on the total', () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 10_000 }),
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        fc.integer({ min: 1, max: 1000 }),
        (lines, currency, rate) => {
          const input = order(
            lines.map(({ quantity, unitPrice, discountShare }) => ({ quantity, unitPrice, discount: Math.floor(quantity * unitPrice * discountShare) })),
            { currency },
          );
          const plan = planOrder(input, { ...program, pointsPerMajorUnit: rate }, NOW);
          expect(plan.total).toBe(plan.lines.reduce((sum, line) => sum + line.amount, 0));
          expect(plan.points).toBe(pointsForAmount(plan.total, currency, rate));
          expect(plan.lines.reduce((sum, line) => sum + line.points, 0)).toBe(plan.points);
          plan.lines.forEach((line) => {
            expect(line.amount).toBe(line.quantity * line.unitPrice - line.discount);
            expect(line.amount).toBeGreaterThanOrEqual(0);
            expect(line.points).toBeGreaterThanOrEqual(0);
          });
        },
      ),
    );
  });
});

describe('planOrder: errors', () => {
  it.each<{ name: string; input: CreateOrderInput; program?: ProgramConfig; code: string; type: typeof InvalidOrder | typeof OrderRejected; status: number; errors?: FieldProblem[] }>([
    {
      name: 'an unknown currency',
      input: order([{}], { currency: 'XYZ' }),
      code: 'currency_invalid',
      type: InvalidOrder,
      status: 400,
      errors: [{ path: 'body.currency', message: 'unknown currency' }],
    },
    {
      name: 'an unknown currency even if the program lists it (config is not checked against ISO 4217)',
      input: order([{}], { currency: 'XYZ' }),
      program: { ...program, currencies: ['XYZ'] },
      code: 'currency_invalid',
      type: InvalidOrder,
      status: 400,
    },
    { name: 'a real currency the program does not sell in', input: order([{}], { currency: 'CHF' }), code: 'currency_not_supported', type: OrderRejected, status: 422, errors: [] },
    {
      name: 'JPY when the program only takes EUR',
      input: order([{}], { currency: 'JPY' }),
      program: { ...program, currencies: ['EUR'] },
      code: 'currency_not_supported',
      type: OrderRejected,
      status: 422,
    },
    {
      name: 'an order more than five minutes in the future',
      input: order([{}], { occurredAt: new Date(NOW.getTime() + 5 * 60_000 + 1).toISOString() }),
      code: 'occurred_in_future',
      type: OrderRejected,
      status: 422,
      errors: [{ path: 'body.occurredAt', message: 'in the future' }],
    },
    {
      name: 'two lines with the same lineId',
      input: order([{ lineId: 'a' }, { lineId: 'b' }, { lineId: 'a' }]),
      code: 'duplicate_line_id',
      type: InvalidOrder,
      status: 400,
      errors: [{ path: 'body.lines.2.lineId', message: 'duplicate lineId a' }],
    },
    {
      name: 'a duplicate lineId wins over other line problems, which are still listed',
      input: order([{ lineId: 'a', currency: 'USD' }, { lineId: 'a' }]),
      code: 'duplicate_line_id',
      type: InvalidOrder,
      status: 400,
      errors: [
        { path: 'body.lines.0.currency', message: 'must equal the order currency EUR' },
        { path: 'body.lines.1.lineId', message: 'duplicate lineId a' },
      ],
    },
    {
      name: 'a line in another currency',
      input: order([{ currency: 'EUR' }, { currency: 'USD' }]),
      code: 'invalid_order_lines',
      type: InvalidOrder,
      status: 400,
      errors: [{ path: 'body.lines.1.currency', message: 'must equal the order currency EUR' }],
    },
    {
      name: 'a discount larger than its line, among other problems',
      input: order([{ quantity: 2, unitPrice: 300, discount: 601 }, { currency: 'GBP' }]),
      code: 'invalid_order_lines',
      type: InvalidOrder,
      status: 400,
      errors: [
        { path: 'body.lines.0.discount', message: 'exceeds the line amount' },
        { path: 'body.lines.1.currency', message: 'must equal the order currency EUR' },
      ],
    },
    {
      name: 'a total past 2^53 minor units',
      input: order(Array.from({ length: 10 }, () => ({ quantity: 10_000, unitPrice: 100_000_000_000 }))),
      code: 'amount_too_large',
      type: OrderRejected,
      status: 422,
    },
    {
      name: 'a total that is exact but earns more than 2^53 points (JPY at 1000 points per yen)',
      input: order([{ quantity: 100, unitPrice: 100_000_000_000 }], { currency: 'JPY' }),
      program: { ...program, pointsPerMajorUnit: 1000 },
      code: 'amount_too_large',
      type: OrderRejected,
      status: 422,
    },
  ])('rejects $name with $code', ({ input, program: p = program, code, type, status, errors }) => {
    const error = caught(() => planOrder(input, p, NOW));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    if (errors) expect(error.errors).toEqual(errors);
  });

  it('checks the currency before the clock', () => {
    const input = order([{}], { currency: 'CHF', occurredAt: '2099-01-01T00:00:00Z' });
    expect(caught(() => planOrder(input, program, NOW)).code).toBe('currency_not_supported');
  });
});

const state = (line_id: string, quantity: number, amount: number, points: number, refunded_quantity = 0, clawed_back_points = 0): LineState => ({
  line_id,
  quantity,
  amount,
  points,
  refunded_quantity,
  clawed_back_points,
});

describe('planRefund', () => {
  // The smoke-test order as stored: l1 = 2 × €12.50 (24 points), l2 = €9.99 (10 points).
  const smoke = [state('l1', 2, 2500, 24), state('l2', 1, 999, 10)];

  it.each([
    { name: 'one of two units', lines: smoke, requested: [{ lineId: 'l1', quantity: 1 }], expected: [{ lineId: 'l1', quantity: 1, amount: 1250, points: 12 }] },
    {
      name: 'two lines at once, in the order asked',
      lines: smoke,
      requested: [
        { lineId: 'l2', quantity: 1 },
        { lineId: 'l1', quantity: 2 },
      ],
      expected: [
        { lineId: 'l2', quantity: 1, amount: 999, points: 10 },
        { lineId: 'l1', quantity: 2, amount: 2500, points: 24 },
      ],
    },
    { name: 'first of three uneven units', lines: [state('x', 3, 1000, 10)], requested: [{ lineId: 'x', quantity: 1 }], expected: [{ lineId: 'x', quantity: 1, amount: 333, points: 3 }] },
    { name: 'second of three', lines: [state('x', 3, 1000, 10, 1, 3)], requested: [{ lineId: 'x', quantity: 1 }], expected: [{ lineId: 'x', quantity: 1, amount: 333, points: 3 }] },
    {
      name: 'the last unit gets the remainders',
      lines: [state('x', 3, 1000, 10, 2, 6)],
      requested: [{ lineId: 'x', quantity: 1 }],
      expected: [{ lineId: 'x', quantity: 1, amount: 334, points: 4 }],
    },
    {
      name: 'a line whose clawback is tracked separately from its money',
      lines: [state('x', 4, 1000, 0)],
      requested: [{ lineId: 'x', quantity: 3 }],
      expected: [{ lineId: 'x', quantity: 3, amount: 750, points: 0 }],
    },
    {
      name: 'a huge line in full, exactly (amount × quantity passes 2^53)',
      lines: [state('x', 9449, 960_702_290_273, 9_607_022_902)],
      requested: [{ lineId: 'x', quantity: 9449 }],
      expected: [{ lineId: 'x', quantity: 9449, amount: 960_702_290_273, points: 9_607_022_902 }],
    },
  ])('$name', ({ lines, requested, expected }) => {
    expect(planRefund(lines, requested)).toEqual(expected);
  });

  it.each<{ name: string; lines: LineState[]; requested: { lineId: string; quantity: number }[]; code: string; status: number; errors: FieldProblem[] }>([
    {
      name: 'more units than are left',
      lines: [state('l1', 2, 2500, 24, 1, 12)],
      requested: [{ lineId: 'l1', quantity: 2 }],
      code: 'refund_exceeds_order',
      status: 422,
      errors: [{ path: 'body.lines.0.quantity', message: 'only 1 left to refund' }],
    },
    {
      name: 'a line already refunded in full',
      lines: smoke.map((line) => ({ ...line, refunded_quantity: line.quantity })),
      requested: [{ lineId: 'l2', quantity: 1 }],
      code: 'refund_exceeds_order',
      status: 422,
      errors: [{ path: 'body.lines.0.quantity', message: 'only 0 left to refund' }],
    },
    {
      name: 'a line the order does not have',
      lines: smoke,
      requested: [
        { lineId: 'l1', quantity: 1 },
        { lineId: 'nope', quantity: 1 },
      ],
      code: 'refund_exceeds_order',
      status: 422,
      errors: [{ path: 'body.lines.1.lineId', message: 'the order has no line nope' }],
    },
    {
      name: 'the same line twice, even when the quantities would fit',
      lines: smoke,
      requested: [
        { lineId: 'l1', quantity: 1 },
        { lineId: 'l1', quantity: 1 },
      ],
      code: 'duplicate_line_id',
      status: 400,
      errors: [{ path: 'body.lines.1.lineId', message: 'duplicate lineId l1' }],
    },
  ])('rejects $name with $code', ({ lines, requested, code, status, errors }) => {
    const error = caught(() => planRefund(lines, requested));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.errors).toEqual(errors);
  });

  it('refunding a line in any steps gives back exactly its amount and claws back exactly its points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1_000_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        (steps, amount, points) => {
          const quantity = steps.reduce((a, b) => a + b, 0);
          let line = state('x', quantity, amount, points);
          let refundedAmount = 0;
          let clawedBack = 0;
          for (const step of steps) {
            const [planned] = planRefund([line], [{ lineId: 'x', quantity: step }]);
            expect(planned!.amount).toBeGreaterThanOrEqual(0);
            expect(planned!.points).toBeGreaterThanOrEqual(0);
            refundedAmount += planned!.amount;
            clawedBack += planned!.points;
            line = { ...line, refunded_quantity: line.refunded_quantity + step, clawed_back_points: line.clawed_back_points + planned!.points };
            // Money given back so far is the cumulative share, exactly.
            expect(BigInt(refundedAmount)).toBe((BigInt(amount) * BigInt(line.refunded_quantity)) / BigInt(quantity));
          }
          expect(refundedAmount).toBe(amount);
          expect(clawedBack).toBe(points);
          expect(() => planRefund([line], [{ lineId: 'x', quantity: 1 }])).toThrow(OrderRejected);
        },
      ),
    );
  });

  it('a planned order refunded line by line returns its total and all its points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 20 }), unitPrice: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 10 }),
        (lines) => {
          const plan = planOrder(order(lines), program, NOW);
          const stored = plan.lines.map((line) => state(line.lineId, line.quantity, line.amount, line.points));
          const refunded = planRefund(
            stored,
            stored.map((line) => ({ lineId: line.line_id, quantity: line.quantity })),
          );
          expect(refunded.reduce((sum, line) => sum + line.amount, 0)).toBe(plan.total);
          expect(refunded.reduce((sum, line) => sum + line.points, 0)).toBe(plan.points);
        },
      ),
    );
  });
});
