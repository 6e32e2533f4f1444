// Pure: turns a validated order request into amounts and per-line points, or says what is wrong with it.
import type { ProgramConfig } from '../../config.js';
import type { FieldProblem } from '../../errors.js';
import { attributePoints, isKnownCurrency, lotSchedule, pointsForAmount } from '../ledger/arithmetic.js';
import type { CreateOrderInput } from './contract.js';
import { InvalidOrder, OrderRejected } from './errors.js';

/** A line's amounts: what the order records whether or not it earns. */
export interface PricedLine {
  lineId: string;
  position: number;
  sku: string;
  category: string | null;
  brand: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  amount: number;
}

/** An order checked and priced, before any points (an import without --earn records no more). */
export interface PricedOrder {
  total: number;
  lines: PricedLine[];
  occurredAt: Date;
}

export interface PlannedLine extends PricedLine {
  points: number;
}

export interface OrderPlan extends PricedOrder {
  points: number;
  lines: PlannedLine[];
  /** How the points were earned, kept on the ledger entry (rule explanations, points per line). */
  details: Record<string, unknown>;
  availableAt: Date;
  expiresAt: Date | null;
}

/** Orders may be stamped slightly ahead of the server's clock (till clocks drift), not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** What an order earns, given its lines with amounts: the program's rules, or the base rate. */
export type OrderEarner = (
  lines: readonly { lineId: string; sku: string; category: string | null; quantity: number; amount: number }[],
  total: number,
) => { points: number; linePoints: number[]; rules: string[] };

/** The base rate as an earner, so a tier multiplier can scale it like any rule's points. */
export function baseRateEarner(program: ProgramConfig, currency: string): OrderEarner {
  return (lines, total) => {
    const points = pointsForAmount(total, currency, program.pointsPerMajorUnit);
    return { points, linePoints: attributePoints(lines.map((line) => line.amount), points), rules: ['base rate'] };
  };
}

/**
 * Checks an order against the program (currency, time, line ids, discounts) and prices its lines.
 * @example priceOrder({ currency: 'EUR', lines: [{ lineId: 'a', sku: 'x', quantity: 2, unitPrice: 450 }], ... }, program, now).total // 900
 */
export function priceOrder(input: Omit<CreateOrderInput, 'memberId'>, program: ProgramConfig, now: Date): PricedOrder {
  const occurredAt = new Date(input.occurredAt);
  checkOrder(input, program, now, occurredAt);
  let total = 0;
  const lines = input.lines.map((line, position) => {
    const discount = line.discount ?? 0;
    const amount = line.quantity * line.unitPrice - discount;
    total += amount;
    return {
      lineId: line.lineId,
      position,
      sku: line.sku,
      category: line.category ?? null,
      brand: line.brand ?? null,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount,
      amount,
    };
  });
  if (!Number.isSafeInteger(total)) throw new OrderRejected('amount_too_large', 'The order total is too large to record exactly.');
  return { total, lines, occurredAt };
}

/**
 * Checks and prices an order, and computes what it earns (at the base rate unless `earn` says otherwise).
 * @example planOrder({ currency: 'EUR', lines: [{ lineId: 'a', sku: 'x', quantity: 2, unitPrice: 450 }], ... }, program, now).points // 9
 */
export function planOrder(input: Omit<CreateOrderInput, 'memberId'>, program: ProgramConfig, now: Date, earn?: OrderEarner): OrderPlan {
  const { total, lines: priced, occurredAt } = priceOrder(input, program, now);
  // Earners see only what rules may read of a line.
  const earned = earn?.(
    priced.map((line) => ({ lineId: line.lineId, sku: line.sku, category: line.category, quantity: line.quantity, amount: line.amount })),
    total,
  );
  const points = earned ? earned.points : pointsForAmount(total, input.currency, program.pointsPerMajorUnit);
  if (!Number.isSafeInteger(points)) throw new OrderRejected('amount_too_large', 'The order earns too many points to record exactly.');
  const linePoints = earned ? earned.linePoints : attributePoints(priced.map((line) => line.amount), points);
  const lines = priced.map((line, position) => ({ ...line, points: linePoints[position]! }));
  const perLine = lines.map((l) => ({ lineId: l.lineId, points: l.points }));
  const details = earned ? { rules: earned.rules, lines: perLine } : { rule: 'base rate', lines: perLine };
  return { total, points, lines, details, occurredAt, ...lotSchedule(occurredAt, program) };
}

function checkOrder(input: Omit<CreateOrderInput, 'memberId'>, program: ProgramConfig, now: Date, occurredAt: Date): void {
  if (!isKnownCurrency(input.currency)) {
    throw new InvalidOrder('currency_invalid', `${input.currency} is not an ISO 4217 currency.`, [{ path: 'body.currency', message: 'unknown currency' }]);
  }
  if (!program.currencies.includes(input.currency)) {
    throw new OrderRejected('currency_not_supported', `This program accepts ${program.currencies.join(', ')}, not ${input.currency}.`);
  }
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new OrderRejected('occurred_in_future', 'occurredAt is in the future.', [{ path: 'body.occurredAt', message: 'in the future' }]);
  }
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  input.lines.forEach((line, index) => {
    if (seen.has(line.lineId)) problems.push({ path: `body.lines.${index}.lineId`, message: `duplicate lineId ${line.lineId}` });
    seen.add(line.lineId);
    if (line.currency !== undefined && line.currency !== input.currency) {
      problems.push({ path: `body.lines.${index}.currency`, message: `must equal the order currency ${input.currency}` });
    }
    if ((line.discount ?? 0) > line.quantity * line.unitPrice) {
      problems.push({ path: `body.lines.${index}.discount`, message: 'exceeds the line amount' });
    }
  });
  const duplicate = problems.find((problem) => problem.message.startsWith('duplicate'));
  if (duplicate) throw new InvalidOrder('duplicate_line_id', 'Each line needs its own lineId.', problems);
  if (problems.length > 0) throw new InvalidOrder('invalid_order_lines', 'Some order lines are inconsistent.', problems);
}
