// One row of an order import (an order line with its order's fields), checked field by field with the
// same rules as POST /v1/orders. Pure.
import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../../db/text.js';
import { minorUnits } from '../../http/schemas.js';
import { createOrderBody, orderLineInput } from '../orders/contract.js';
import type { ColumnIndex } from './columns.js';
import { describeIssues } from './rows.js';

export const ORDER_COLUMNS = [
  'order_id',
  'member_external_id',
  'occurred_at',
  'line_id',
  'sku',
  'category',
  'brand',
  'quantity',
  'unit_price',
  'currency',
  'store_id',
  'staff_id',
  'discount',
] as const;
export type OrderColumn = (typeof ORDER_COLUMNS)[number];
export const REQUIRED_ORDER_COLUMNS: readonly OrderColumn[] = ['order_id', 'member_external_id', 'occurred_at', 'line_id', 'sku', 'quantity', 'unit_price', 'currency'];

/** The columns every line of one order must agree on. */
export const ORDER_LEVEL_COLUMNS = ['member_external_id', 'currency', 'occurred_at', 'store_id', 'staff_id'] as const satisfies readonly OrderColumn[];

/** Money is in minor units, as everywhere in the API: 350 is 3.50. */
const wholeNumber = z.string().regex(/^-?\d+$/, 'must be a whole number (money in minor units: 350 for 3.50)').transform(Number);
const absentIfEmpty = z.string().transform((value) => (value === '' ? undefined : value));
const optional = <T extends z.ZodType<unknown, string>>(schema: T) => absentIfEmpty.pipe(schema.optional());
const reference = createOrderBody.shape.storeId.unwrap();

export const orderRow = z.object({
  order_id: reference,
  /** Empty for a customer who is not a member: the sale is kept apart, for members-vs-non-members figures. */
  member_external_id: optional(reference),
  occurred_at: createOrderBody.shape.occurredAt,
  line_id: orderLineInput.shape.lineId,
  sku: orderLineInput.shape.sku,
  category: optional(reference),
  brand: optional(reference),
  quantity: wholeNumber.pipe(orderLineInput.shape.quantity),
  unit_price: wholeNumber.pipe(orderLineInput.shape.unitPrice),
  currency: createOrderBody.shape.currency,
  store_id: optional(reference),
  staff_id: optional(reference),
  discount: optional(wholeNumber.pipe(minorUnits)),
});
export type OrderRow = z.output<typeof orderRow>;

const ORDER_FIELDS = ['order_id', ...ORDER_LEVEL_COLUMNS] as const;
const LINE_FIELDS = ['line_id', 'sku', 'category', 'brand', 'quantity', 'unit_price', 'discount'] as const;
export type OrderFields = Pick<OrderRow, (typeof ORDER_FIELDS)[number]>;
export type LineFields = Pick<OrderRow, (typeof LINE_FIELDS)[number]>;

/** Values that differ on almost every order; remembering them would only churn the cache. */
const UNIQUE_PER_ORDER: ReadonlySet<OrderColumn> = new Set(['order_id', 'member_external_id', 'occurred_at']);
const CACHE_LIMIT = 20_000;

type Checked = { value: unknown } | { reason: string };

/**
 * Checks rows column by column with the `orderRow` schema. Order-level fields are read once per order
 * (the other lines only have to repeat them). Values that repeat across rows (SKUs, prices, stores,
 * line ids) are checked once and their outcome remembered: the schema is pure, so a value checked
 * before gives the same answer, and this is where most of an import's validation time went.
 */
export class OrderRowReader {
  private readonly checked = new Map<OrderColumn, Map<string, Checked>>();

  constructor(
    private readonly index: ColumnIndex<OrderColumn>,
    private readonly width: number,
  ) {}

  /** The reason the row cannot be read at all (wrong number of fields), or null. */
  shapeProblem(fields: readonly string[]): string | null {
    return fields.length === this.width ? null : `has ${fields.length} fields; the header has ${this.width}`;
  }

  /** A raw field by column name ('' when the file has no such column). */
  raw(fields: readonly string[], column: OrderColumn): string {
    const at = this.index[column];
    return at < 0 ? '' : (fields[at] ?? '');
  }

  /**
   * The fields of the order this row belongs to.
   * @example reader.orderFields(row).reason // 'occurred_at: Invalid ISO datetime'
   */
  orderFields(fields: readonly string[]): { value: OrderFields } | { reason: string } {
    return this.read(fields, ORDER_FIELDS) as { value: OrderFields } | { reason: string };
  }

  /**
   * The row's own line.
   * @example reader.lineFields(row).reason // 'quantity: must be at least 1'
   */
  lineFields(fields: readonly string[]): { value: LineFields } | { reason: string } {
    return this.read(fields, LINE_FIELDS) as { value: LineFields } | { reason: string };
  }

  private read(fields: readonly string[], columns: readonly OrderColumn[]): { value: Record<string, unknown> } | { reason: string } {
    const value: Record<string, unknown> = {};
    const reasons: string[] = [];
    for (const column of columns) {
      const checked = this.check(column, this.raw(fields, column));
      if ('reason' in checked) reasons.push(checked.reason);
      else value[column] = checked.value;
    }
    return reasons.length > 0 ? { reason: reasons.join('; ') } : { value };
  }

  private check(column: OrderColumn, raw: string): Checked {
    if (UNIQUE_PER_ORDER.has(column)) return checkValue(column, raw);
    let seen = this.checked.get(column);
    if (!seen) this.checked.set(column, (seen = new Map()));
    let checked = seen.get(raw);
    if (checked === undefined) {
      if (seen.size >= CACHE_LIMIT) seen.clear();
      seen.set(raw, (checked = checkValue(column, raw)));
    }
    return checked;
  }
}

function checkValue(column: OrderColumn, raw: string): Checked {
  if (!isStorableText(raw)) return { reason: `${column}: ${UNSTORABLE_TEXT_MESSAGE}` };
  const parsed = orderRow.shape[column].safeParse(raw);
  return parsed.success ? { value: parsed.data } : { reason: describeIssues(parsed.error.issues.map((issue) => ({ ...issue, path: [column, ...issue.path] }))) };
}
