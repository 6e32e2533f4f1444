// The bulk path of `fidelis import orders` on PostgreSQL: a batch is COPYed into two session-local
// staging tables and written from there by the same one statement as the array path (orders, lines,
// aggregates and the outbox event, all or nothing). COPY's text format costs far less to build in Node
// than typed array parameters, and the server reads it without taking arrays apart.
import type { Sql } from '../../db/client.js';
import { copyField } from '../../db/copy.js';
import { newId } from '../../db/ids.js';
import type { ImportOrder } from './order-groups.js';
import { batchOutcome, importOrdersStatement, type BatchOutcome, type NotWritten } from './order-writer.js';

const ORDER_COLUMNS = 'id, external_id, member_ref, currency, total, store_id, staff_id, occurred_at';
const LINE_COLUMNS = 'order_id, line_id, position, sku, category, brand, quantity, unit_price, discount, amount';

/**
 * Staging tables are temporary: private to the connection, never written to the WAL, emptied by each
 * commit. They have no statistics, so the planner overestimates the batch ~15× and would JIT-compile
 * the statement (measured: ~100 functions, hundreds of ms a batch for nothing); and the batch's sorts
 * need more than the default 4 MB not to spill. Both settings end with the transaction.
 */
const STAGING_TABLES = `set local jit = off;
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
 * Writes the batch through COPY in the caller's transaction; `tx` must be a PostgreSQL transaction.
 * @example await db.transaction((tx) => copyOrderBatch(tx, orders, new Date()))
 */
export async function copyOrderBatch(tx: Sql, orders: readonly ImportOrder[], now: Date): Promise<BatchOutcome> {
  if (!tx.copyFrom) throw new Error('copyOrderBatch needs a PostgreSQL transaction');
  const { orderRows, lineRows } = copyText(orders);
  await tx.query(STAGING_TABLES);
  await tx.copyFrom(`copy import_orders (${ORDER_COLUMNS}) from stdin`, orderRows);
  await tx.copyFrom(`copy import_lines (${LINE_COLUMNS}) from stdin`, lineRows);
  const notWritten = await tx.query<NotWritten>(COPY_ORDERS_STATEMENT, [now, newId('evt')]);
  return batchOutcome(tx, orders, notWritten);
}

/** The batch as COPY text: one row per order and one per line, each order under a new id. */
function copyText(orders: readonly ImportOrder[]): { orderRows: string; lineRows: string } {
  let orderRows = '';
  let lineRows = '';
  for (const order of orders) {
    const id = newId('ord');
    const { input, plan } = order;
    orderRows += `${id}\t${copyField(order.externalId)}\t${copyField(order.memberRef)}\t${input.currency}\t${plan.total}\t${copyField(input.storeId)}\t${copyField(input.staffId)}\t${plan.occurredAt.toISOString()}\n`;
    for (const line of plan.lines) {
      lineRows += `${id}\t${copyField(line.lineId)}\t${line.position}\t${copyField(line.sku)}\t${copyField(line.category)}\t${copyField(line.brand)}\t${line.quantity}\t${line.unitPrice}\t${line.discount}\t${line.amount}\n`;
    }
  }
  return { orderRows, lineRows };
}
