// The bulk path of `fidelis import orders` on PostgreSQL: a batch is COPYed into two session-local
// staging tables and written from there by the same one statement as the array path (orders, lines,
// aggregates and the outbox event, all or nothing). COPY's text format costs far less to build in Node
// than typed array parameters, and the server reads it without taking arrays apart.
import { sqlState, type Sql } from '../../db/client.js';
import { copyField } from '../../db/copy.js';
import { newId } from '../../db/ids.js';
import type { ImportOrder } from './order-groups.js';
import type { Atomically } from './pipeline.js';
import { batchOutcome, importOrdersStatement, type BatchOutcome, type NotWritten, type OrderKey } from './order-writer.js';

const ORDER_COLUMNS = 'id, external_id, member_ref, currency, total, store_id, staff_id, occurred_at';
const LINE_COLUMNS = 'order_id, line_id, position, sku, category, brand, quantity, unit_price, discount, amount';

/**
 * Staging tables are temporary: private to the connection, never written to the WAL, emptied by each
 * commit. They have no statistics, so the planner overestimates the batch ~15× and would JIT-compile
 * the statement (measured: ~100 functions, hundreds of ms a batch for nothing); it would also join
 * lines to orders by sorting both on their text ids, where hashing them costs ~6% less of the
 * database's time; and the batch's hashes need more than the default 4 MB not to spill. The settings
 * end with the transaction.
 */
const STAGING_TABLES = `set local jit = off;
set local enable_mergejoin = off;
set local work_mem = '64MB';
create temp table if not exists import_orders (id text, external_id text, member_ref text, currency text, total int8,
  store_id text, staff_id text, occurred_at timestamptz) on commit delete rows;
create temp table if not exists import_lines (order_id text, line_id text, position int4, sku text, category text, brand text,
  quantity int4, unit_price int8, discount int8, amount int8) on commit delete rows`;

const COPY_ORDERS_STATEMENT = importOrdersStatement({
  orders: `import_orders i`,
  lines: `import_lines l`,
  now: '$1',
  eventId: '$2',
});

/**
 * A batch on its way to COPY. Each order is written out as COPY text the moment it joins, and only its
 * key is kept: holding 50k lines as objects until the batch is written made the garbage collector
 * most of the import's time in Node (measured: 17 s of CPU for 1M lines, over half of it GC).
 */
export class CopyBatch {
  readonly orders: OrderKey[] = [];
  private readonly orderRows = new TextBuffer();
  private readonly lineRows = new TextBuffer();

  add(order: ImportOrder): void {
    const id = newId('ord');
    const { input, plan } = order;
    this.orderRows.append(
      `${id}\t${copyField(order.externalId)}\t${copyField(order.memberRef)}\t${input.currency}\t${plan.total}\t${copyField(input.storeId)}\t${copyField(input.staffId)}\t${plan.occurredAt.toISOString()}\n`,
    );
    // A non-member's order is kept as its total alone.
    const lines = order.memberRef === null ? [] : plan.lines;
    for (const line of lines) {
      this.lineRows.append(
        `${id}\t${copyField(line.lineId)}\t${line.position}\t${copyField(line.sku)}\t${copyField(line.category)}\t${copyField(line.brand)}\t${line.quantity}\t${line.unitPrice}\t${line.discount}\t${line.amount}\n`,
      );
    }
    const { externalId, memberRef, occurredAt, total, lineIds, rows } = order;
    for (const row of rows) row.compact?.();
    this.orders.push({ externalId, memberRef, occurredAt, total, lineIds, rows });
  }

  /**
   * Writes the batch in the caller's transaction, which must be a PostgreSQL one.
   * @example await db.transaction((tx) => batch.write(tx, new Date(), 'by-construction'))
   */
  async write(tx: Sql, now: Date, keys: ForeignKeyChecks): Promise<BatchOutcome> {
    if (!tx.copyFrom) throw new Error('a COPY batch needs a PostgreSQL transaction');
    await tx.query(STAGING_TABLES);
    if (keys === 'by-construction') await tx.query(SKIP_FOREIGN_KEY_TRIGGERS);
    await tx.copyFrom(`copy import_orders (${ORDER_COLUMNS}) from stdin`, this.orderRows.bytes());
    await tx.copyFrom(`copy import_lines (${LINE_COLUMNS}) from stdin`, this.lineRows.bytes());
    const notWritten = await tx.query<NotWritten>(COPY_ORDERS_STATEMENT, [now, newId('evt')]);
    return batchOutcome(tx, this.orders, notWritten);
  }
}

/**
 * How a COPY batch's foreign keys are kept. `by-construction`: the statement takes each order's member
 * from \`members\` and locks it FOR KEY SHARE (what PostgreSQL's own check does), and writes only the
 * lines of orders it has just inserted, so both keys hold before any row is written; the per-row
 * trigger checks are then skipped (session_replication_role = replica, as pg_restore does), which
 * measured ~30% of the database's time on a 1M-line import. `triggers`: the role may not set that
 * parameter, so PostgreSQL checks every row again.
 */
export type ForeignKeyChecks = 'by-construction' | 'triggers';

/** Ends with the transaction. The tables written have no triggers but their foreign keys' (test/import-copy.test.ts checks). */
const SKIP_FOREIGN_KEY_TRIGGERS = 'set local session_replication_role = replica';

/**
 * Whether this connection's role may skip the trigger checks: a superuser, or a role granted
 * \`SET ON PARAMETER session_replication_role\` (PostgreSQL 15+). Asked once per import.
 * @example await foreignKeyChecks((fn) => db.transaction(fn)) // 'by-construction'
 */
export async function foreignKeyChecks(atomically: Atomically): Promise<ForeignKeyChecks> {
  try {
    await atomically((tx) => tx.query(SKIP_FOREIGN_KEY_TRIGGERS));
    return 'by-construction';
  } catch (error) {
    if (sqlState(error) === INSUFFICIENT_PRIVILEGE) return 'triggers';
    throw error;
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** UTF-8 text appended into one growing buffer: no string per row left for the collector to trace. */
class TextBuffer {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  append(text: string): void {
    if (this.length + text.length * 3 > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
