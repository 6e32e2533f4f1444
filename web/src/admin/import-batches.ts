// Pure: a parsed CSV file as the API's import batches, and the API's rejects back on the file's lines.
import type { components } from '../api/schema';
import type { CsvRecord } from '../ui/csv.ts';

type MemberRow = components['schemas']['ImportMembers']['rows'][number];
type OrderRow = components['schemas']['ImportOrders']['rows'][number];
type Exactly<List extends readonly string[], Keys extends string> = [Exclude<Keys, List[number]>] extends [never] ? List : never;

// Checked both ways against the generated API types, so a column added or renamed there fails the build.
const MEMBER_COLUMNS = ['external_id', 'email', 'phone', 'name', 'birthday', 'locale', 'marketing_consent'] as const satisfies readonly (keyof MemberRow)[];
const ORDER_COLUMNS = [
  'order_id', 'member_external_id', 'occurred_at', 'line_id', 'sku', 'category', 'brand', 'quantity', 'unit_price', 'currency', 'store_id', 'staff_id', 'discount',
] as const satisfies readonly (keyof OrderRow)[];
export const IMPORT_COLUMNS = {
  members: MEMBER_COLUMNS satisfies Exactly<typeof MEMBER_COLUMNS, keyof MemberRow & string>,
  orders: ORDER_COLUMNS satisfies Exactly<typeof ORDER_COLUMNS, keyof OrderRow & string>,
} as const;
export type ImportKind = keyof typeof IMPORT_COLUMNS;

export interface Reject {
  line: number;
  reason: string;
  row: string[];
}

/** Header columns the API does not know, in file order. */
export function unknownColumns(kind: ImportKind, header: readonly string[]): string[] {
  const known: readonly string[] = IMPORT_COLUMNS[kind];
  return header.filter((column) => !known.includes(column));
}

export interface Batch {
  /** The file's record behind each row, by its position in `rows`. */
  records: CsvRecord[];
  rows: Record<string, string>[];
}

/**
 * Records as batches of at most `size` rows keyed by column (empty cells left out). An order's lines
 * stay in one batch, since the API takes an order whole or not at all. Records whose field count
 * differs from the header's are rejected here, with their line.
 */
export function toBatches(kind: ImportKind, header: readonly string[], records: readonly CsvRecord[], size: number): { batches: Batch[]; rejects: Reject[] } {
  const rejects: Reject[] = [];
  const batches: Batch[] = [];
  const group = kind === 'orders' ? header.indexOf('order_id') : -1;
  let current: Batch = { records: [], rows: [] };
  let lastKey: string | undefined;
  for (const record of records) {
    if (record.fields.length !== header.length) {
      rejects.push({ line: record.line, reason: `${record.fields.length} fields where the header has ${header.length}`, row: record.fields });
      continue;
    }
    const key = group >= 0 ? record.fields[group] : undefined;
    const sameOrder = key !== undefined && key !== '' && key === lastKey;
    if (current.rows.length >= size && !sameOrder) {
      batches.push(current);
      current = { records: [], rows: [] };
    }
    lastKey = key;
    current.records.push(record);
    current.rows.push(Object.fromEntries(header.flatMap((column, i) => (record.fields[i] === '' ? [] : [[column, record.fields[i]!]]))));
  }
  if (current.rows.length > 0) batches.push(current);
  return { batches, rejects };
}

/** The API numbers a batch's rows from 1 and lists all its columns; the reader wants their file's line and row. */
export function rejectsOnFileLines(batch: Batch, rejects: readonly Reject[]): Reject[] {
  return rejects.map((r) => {
    const record = batch.records[r.line - 1];
    return record ? { ...r, line: record.line, row: record.fields } : r;
  });
}
