// `fidelis import orders` and POST /v1/imports/orders: rows → orders → batches → one statement each.
import type { ProgramConfig } from '../../config.js';
import { columnIndex } from './columns.js';
import type { ImportSummary } from './contract.js';
import { recordEarningBatch, type EarningContext } from './earned-orders.js';
import { OrderGrouper, type GroupedOrder, type ImportOrder } from './order-groups.js';
import { ORDER_COLUMNS, OrderRowReader, REQUIRED_ORDER_COLUMNS } from './order-rows.js';
import { writeOrderBatch, type BatchOutcome, type OrderKey } from './order-writer.js';
import { CopyBatch, foreignKeyChecks } from './order-copy-writer.js';
import { BatchWriter, type Atomically } from './pipeline.js';
import type { RejectedRow, RejectSink, RowSource } from './rows.js';

export interface OrderImportOptions {
  program: ProgramConfig;
  now: Date;
  /** The program to earn by (each order as if recorded now), or null: historical orders earn nothing. */
  earn: EarningContext['snapshot'] | null;
  onRejected: RejectSink;
  /**
   * Bulk-load through COPY (the CLI on PostgreSQL; `atomically` must then give PostgreSQL
   * transactions). HTTP imports, which are small and run in the request's transaction, and PGlite
   * write each batch as one statement with array parameters. Ignored with `earn`.
   */
  copy?: boolean;
  /** Orders and lines per batch, past either of which a batch is written; by default as fits the path. */
  batch?: { orders: number; lines: number };
}

/**
 * Orders per statement. Larger batches amortise the round trip and the aggregate upserts; past a few
 * thousand orders the statement's memory grows without gain. Earning orders are recorded one by one,
 * so their batches (one transaction each) stay small.
 */
const BATCH = { orders: 4000, lines: 12_000 };
const EARNING_BATCH = { orders: 200, lines: 2000 };
/**
 * COPY batches: the statement's fixed costs (planning, the member lookup, the commit) spread over
 * more rows, and the aggregates of one member are upserted once per batch rather than once per 4,000
 * orders. Memory stays bounded: a batch is ~50k lines of the file.
 */
const COPY_BATCH = { orders: 25_000, lines: 50_000 };
/** The first COPY batch is small, so the database starts writing while Node parses the first full one. */
const FIRST_COPY_BATCH = { orders: 2500, lines: 5000 };
/** COPY batches written at once, each on its own connection: one's commit and WAL writes overlap another's work. */
const COPY_DEPTH = 2;

/**
 * Streams the rows into orders and writes them in batches, each all or nothing. Orders already recorded
 * are skipped, so a re-run resumes; bad rows go to `onRejected` with their line and reason, and the
 * rest of the file goes on. An order is never half-imported: one bad line rejects all of its lines.
 * @example await importOrders(await csvRowSource(createReadStream('orders.csv')), (fn) => db.transaction(fn), { program, now, earn: null, onRejected })
 */
export async function importOrders(source: RowSource, atomically: Atomically, options: OrderImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const reader = new OrderRowReader(columnIndex(source.columns, ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS), source.columns.length);
  const grouper = new OrderGrouper(reader, options);
  const tally = { read: 0, imported: 0, skipped: 0, rejected: 0, orders: { imported: 0, skipped: 0 } };
  const reject = async (rows: readonly RejectedRow[]) => {
    tally.rejected += rows.length;
    if (rows.length > 0) await options.onRejected(rows);
  };
  const { earn } = options;
  const copy = options.copy === true && !earn;
  const keys = copy ? await foreignKeyChecks(atomically) : 'triggers';
  // A batch PostgreSQL aborts as a deadlock (two in flight, a file whose orders are not grouped) is
  // written again by the transaction itself (db.transaction retries 40P01), buffers and all.
  const write = (batch: OrderBatch): Promise<BatchOutcome> =>
    atomically((tx) => {
      if (batch.copy) return batch.copy.write(tx, options.now, keys);
      if (earn) return recordEarningBatch(tx, batch.orders, { program: options.program, now: options.now, snapshot: earn });
      return writeOrderBatch(tx, batch.orders, options.now);
    });
  const writer = new BatchWriter<OrderBatch, BatchOutcome>(write, async (outcome) => {
    tally.orders.imported += outcome.imported.length;
    tally.orders.skipped += outcome.skipped.length;
    tally.imported += lineCount(outcome.imported);
    tally.skipped += lineCount(outcome.skipped);
    await reject(outcome.rejected);
  }, copy ? COPY_DEPTH : 1);
  const fullBatch = options.batch ?? (earn ? EARNING_BATCH : copy ? COPY_BATCH : BATCH);
  let limits = copy && !options.batch ? FIRST_COPY_BATCH : fullBatch;
  const newBatch = () => new OrderBatch(copy ? new CopyBatch() : null);
  let batch = newBatch();
  const submitBatch = async () => {
    await writer.submit(batch);
    batch = newBatch();
    limits = fullBatch;
  };
  // Answers a promise only when there is something to wait for: a file has a million rows, and an
  // await per row (or per order) cost a visible share of the import in promises and microtasks.
  const take = (grouped: GroupedOrder | null): Promise<void> | undefined => {
    if (!grouped) return undefined;
    if ('rejected' in grouped) return reject(grouped.rejected);
    const duplicate = batch.add(grouped.order);
    if (duplicate) return reject(duplicate);
    return batch.size >= limits.orders || batch.lines >= limits.lines ? submitBatch() : undefined;
  };
  for await (const chunk of source.chunks) {
    for (const row of chunk) {
      tally.read += 1;
      const taking = take(grouper.add(row));
      if (taking) await taking;
    }
  }
  await take(grouper.finish());
  if (batch.size > 0) await writer.submit(batch);
  await writer.drain();
  return { ...tally, seconds: round((performance.now() - started) / 1000) };
}

/**
 * The orders of one statement; an order id may appear once in it (a second group of lines means the
 * file is not grouped). On the COPY path each order goes into `copy` as it comes and `orders` stays empty.
 */
class OrderBatch {
  readonly orders: ImportOrder[] = [];
  lines = 0;
  private readonly firstLines = new Map<string, number>();

  constructor(readonly copy: CopyBatch | null) {}

  get size(): number {
    return this.firstLines.size;
  }

  add(order: ImportOrder): RejectedRow[] | null {
    const earlier = this.firstLines.get(order.externalId);
    if (earlier !== undefined) {
      const reason = `order ${order.externalId} already started at line ${earlier}: the lines of one order must be contiguous`;
      return order.rows.map((row) => ({ line: row.line, fields: row.fields, reason }));
    }
    this.firstLines.set(order.externalId, order.rows[0]!.line);
    if (this.copy) this.copy.add(order);
    else this.orders.push(order);
    this.lines += order.rows.length;
    return null;
  }
}

function lineCount(orders: readonly OrderKey[]): number {
  return orders.reduce((sum, order) => sum + order.rows.length, 0);
}

export function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
