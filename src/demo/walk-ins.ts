// The demo café's sales to customers who are not members, imported as a till's takings would be (an
// empty member_external_id), so the members-vs-non-members view has both sides to compare.
import type { ProgramConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { importOrders } from '../modules/imports/orders-import.js';
import { ORDER_COLUMNS } from '../modules/imports/order-rows.js';
import { generatedRowSource } from '../modules/imports/rows.js';
import { CATALOG, seededRandom } from './generate.js';

const DAY = 86_400_000;
/** Walk-ins per member order: a café whose program reaches most, not all, of its trade. */
const WALK_INS_PER_MEMBER_ORDER = 0.6;

/**
 * Sales over the demo's two years, smaller baskets than members' (one or two items), at its three
 * stores. Their own random stream: the members' data is the same with or without them.
 * Rows in ORDER_COLUMNS order, the member column empty.
 * @example walkInRows(500, now).length // 650 or so: 500 sales of one or two lines
 */
export function walkInRows(count: number, now: Date, currency = 'EUR'): string[][] {
  const random = seededRandom(20261126);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const occurredAt = new Date(now.getTime() - (1 + random() * 729) * DAY).toISOString();
    const store = `store-${1 + Math.floor(random() * 3)}`;
    const staff = `staff-${1 + Math.floor(random() * 12)}`;
    const items = random() < 0.7 ? 1 : 2;
    for (let line = 1; line <= items; line++) {
      const item: { sku: string; category: string; brand?: string; price: number } = CATALOG[Math.floor(random() * CATALOG.length)]!;
      rows.push([`W-${String(i + 1).padStart(6, '0')}`, '', occurredAt, String(line), item.sku, item.category, item.brand ?? '', '1', String(item.price), currency, store, staff, '0']);
    }
  }
  return rows;
}

export async function seedDemoWalkIns(db: Database, program: ProgramConfig, memberOrders: number, now: Date): Promise<{ sales: number }> {
  const rows = walkInRows(Math.round(memberOrders * WALK_INS_PER_MEMBER_ORDER), now, program.currencies[0]);
  const summary = await importOrders(generatedRowSource(ORDER_COLUMNS, rows), (fn) => db.transaction(fn), {
    program,
    now,
    earn: null,
    onRejected: (rejected) => {
      throw new Error(`demo walk-in sale rejected: ${rejected[0]?.reason}`);
    },
  });
  return { sales: summary.orders?.imported ?? 0 };
}
