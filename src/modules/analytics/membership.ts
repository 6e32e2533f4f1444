// Members against everyone else: what share of the business the program reaches, and whether members
// spend more per order. Non-members' sales are the orders imported without a member.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { MembersVsNonMembers, PeriodQuery } from './contract.js';
import { averageOrderValue, membersVsNonMembers } from './definitions.js';
import { resolvePeriod } from './period.js';

interface SalesRow {
  store_id: string | null;
  non_member: boolean;
  orders: number;
  revenue: string;
}

/** Each side's period sales by store, read from the two occurred_at indexes alone (both INCLUDE currency, total and store). */
const SALES_BY_STORE = `select store_id, false as non_member, count(*)::int as orders, sum(total) as revenue
  from orders where occurred_at >= $1 and occurred_at < $2 and currency = $3 group by store_id
  union all
  select store_id, true, count(*)::int, sum(total)
  from non_member_orders where occurred_at >= $1 and occurred_at < $2 and currency = $3 group by store_id`;

type Sales = { orders: number; revenue: number };

export async function membersVsNonMembersReport(db: Sql, config: Config, query: PeriodQuery, now: Date): Promise<MembersVsNonMembers> {
  const { from, to, currency } = resolvePeriod(query, config, now);
  const rows = await db.query<SalesRow>(SALES_BY_STORE, [from, to, currency]);
  const stores = new Map<string | null, { members: Sales; nonMembers: Sales }>();
  for (const row of rows) {
    let store = stores.get(row.store_id);
    if (!store) stores.set(row.store_id, (store = { members: { orders: 0, revenue: 0 }, nonMembers: { orders: 0, revenue: 0 } }));
    store[row.non_member ? 'nonMembers' : 'members'] = { orders: row.orders, revenue: Number(row.revenue) };
  }
  const overall = { members: total([...stores.values()].map((s) => s.members)), nonMembers: total([...stores.values()].map((s) => s.nonMembers)) };
  const byStore = [...stores.entries()]
    .map(([storeId, store]) => ({ storeId, ...figures(store) }))
    .sort((a, b) => ordersOf(b) - ordersOf(a) || (a.storeId ?? '\uffff').localeCompare(b.storeId ?? '\uffff'));
  return { period: { from: from.toISOString(), to: to.toISOString() }, currency, overall: figures(overall), stores: byStore };
}

function figures(sales: { members: Sales; nonMembers: Sales }): MembersVsNonMembers['overall'] {
  return {
    members: { ...sales.members, averageOrderValue: averageOrderValue(sales.members) },
    nonMembers: { ...sales.nonMembers, averageOrderValue: averageOrderValue(sales.nonMembers) },
    ...membersVsNonMembers(sales),
  };
}

function total(sales: readonly Sales[]): Sales {
  return sales.reduce((sum, s) => ({ orders: sum.orders + s.orders, revenue: sum.revenue + s.revenue }), { orders: 0, revenue: 0 });
}

function ordersOf(figures: MembersVsNonMembers['overall']): number {
  return figures.members.orders + figures.nonMembers.orders;
}
