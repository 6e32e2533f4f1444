// Groups an order import's rows into orders and decides, in memory, whether each can be imported:
// every line readable, the lines agreeing on their order's fields, and the order passing the same
// checks as POST /v1/orders (currency, time, duplicate line ids, discounts). Pure.
//
// An order's lines must arrive together, one after another: a new order_id closes the open order.
import type { ProgramConfig } from '../../config.js';
import { DomainError } from '../../errors.js';
import type { CreateOrderInput } from '../orders/contract.js';
import { priceOrder, type PricedOrder } from '../orders/plan.js';
import { ORDER_LEVEL_COLUMNS, type LineFields, type OrderRowReader } from './order-rows.js';
import type { RejectedRow, SourceRow } from './rows.js';

/** The same limit as POST /v1/orders. */
export const MAX_LINES_PER_ORDER = 500;

export interface ImportOrder {
  externalId: string;
  /** The member's external_id, resolved to a member when the order is written; null for a non-member's order. */
  memberRef: string | null;
  /** What the order came to, in minor units. */
  total: number;
  input: Omit<CreateOrderInput, 'memberId'>;
  /** Amounts per line and the total, with no points: historical orders earn nothing unless imported with --earn. */
  plan: PricedOrder;
  occurredAt: Date;
  lineIds: string[];
  rows: SourceRow[];
}

export type GroupedOrder = { order: ImportOrder } | { rejected: RejectedRow[] };

interface OpenOrder {
  id: string;
  rows: SourceRow[];
  /** Set once the order passed MAX_LINES_PER_ORDER: its rows are rejected as they come. */
  overflowing: boolean;
}

export class OrderGrouper {
  private open: OpenOrder | null = null;

  constructor(
    private readonly reader: OrderRowReader,
    private readonly context: { program: ProgramConfig; now: Date },
  ) {}

  /** Adds the next row; returns the order it closed (or rows it rejected at once), if any. */
  add(row: SourceRow): GroupedOrder | null {
    const id = this.reader.raw(row.fields, 'order_id');
    const open = this.open;
    if (open && open.id === id) {
      if (open.overflowing) return { rejected: [tooManyLines(id, row)] };
      open.rows.push(row);
      if (open.rows.length <= MAX_LINES_PER_ORDER) return null;
      open.overflowing = true;
      const rejected = open.rows.map((r) => tooManyLines(id, r));
      open.rows = [];
      return { rejected };
    }
    const closed = this.finish();
    this.open = { id, rows: [row], overflowing: false };
    return closed;
  }

  /** Closes the open order (at the end of the input). */
  finish(): GroupedOrder | null {
    const open = this.open;
    this.open = null;
    if (!open || open.overflowing) return null;
    return settleOrder(this.reader, open.id, open.rows, this.context);
  }
}

function tooManyLines(id: string, row: SourceRow): RejectedRow {
  return { line: row.line, fields: row.fields, reason: `order ${id} has more than ${MAX_LINES_PER_ORDER} lines` };
}

/** Every row of the order, rejected: each with its own reason if it has one, else with `reason`. */
function rejectAll(rows: readonly SourceRow[], reason: string, own: ReadonlyMap<SourceRow, string> = new Map()): { rejected: RejectedRow[] } {
  return { rejected: rows.map((row) => ({ line: row.line, fields: row.fields, reason: own.get(row) ?? reason })) };
}

export function settleOrder(reader: OrderRowReader, id: string, rows: readonly SourceRow[], context: { program: ProgramConfig; now: Date }): GroupedOrder {
  const first = rows[0]!;
  const problems = new Map<SourceRow, string>();
  const lines: CreateOrderInput['lines'] = [];
  for (const row of rows) {
    const shape = reader.shapeProblem(row.fields);
    const line = shape === null ? reader.lineFields(row.fields) : { reason: shape };
    if ('reason' in line) problems.set(row, line.reason);
    else lines.push(toOrderLine(line.value));
  }
  const order = problems.has(first) ? null : reader.orderFields(first.fields);
  if (order && 'reason' in order) problems.set(first, order.reason);
  if (problems.size > 0 || !order || 'reason' in order) {
    const firstBad = rows.find((row) => problems.has(row))!;
    return rejectAll(rows, `rejected with its order ${id}: line ${firstBad.line} is invalid`, problems);
  }
  const disagreeing = ORDER_LEVEL_COLUMNS.filter((column) => rows.some((row) => !sameValue(column, reader.raw(row.fields, column), reader.raw(first.fields, column))));
  if (disagreeing.length > 0) return rejectAll(rows, `the lines of order ${id} disagree on ${disagreeing.join(', ')}`);

  const fields = order.value;
  const input = {
    externalId: fields.order_id,
    currency: fields.currency,
    occurredAt: fields.occurred_at,
    storeId: fields.store_id,
    staffId: fields.staff_id,
    lines,
  };
  try {
    const plan = priceOrder(input, context.program, context.now);
    const order = { externalId: fields.order_id, memberRef: fields.member_external_id ?? null, total: plan.total, input, plan, occurredAt: plan.occurredAt, lineIds: lines.map((line) => line.lineId), rows: [...rows] };
    return { order };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return rejectAll(rows, `${error.code}: ${error.message}`, lineProblems(rows, error));
  }
}

/** Problems priceOrder names by line (`body.lines.2.lineId`), attached to that line's row. */
function lineProblems(rows: readonly SourceRow[], error: DomainError): Map<SourceRow, string> {
  const own = new Map<SourceRow, string>();
  for (const problem of error.errors) {
    const position = /^body\.lines\.(\d+)\./.exec(problem.path)?.[1];
    const row = position === undefined ? undefined : rows[Number(position)];
    if (row) own.set(row, `${error.code}: ${problem.message}`);
  }
  return own;
}

/** Times agree when they are the same instant, however written. */
function sameValue(column: string, a: string, b: string): boolean {
  if (a === b) return true;
  return column === 'occurred_at' && Date.parse(a) === Date.parse(b) && !Number.isNaN(Date.parse(a));
}

function toOrderLine(line: LineFields): CreateOrderInput['lines'][number] {
  return {
    lineId: line.line_id,
    sku: line.sku,
    category: line.category,
    brand: line.brand,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    discount: line.discount,
  };
}
