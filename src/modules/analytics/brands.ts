// How often a category's buyers come back to each brand: purchases per brand against purchases per category.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { BrandQuery, BrandRepurchase } from './contract.js';
import { brandRepurchaseRate } from './definitions.js';
import { resolvePeriod } from './period.js';

interface PurchaseRow {
  category: string;
  /** Null on the category's own row. */
  brand: string | null;
  purchases: number;
  buyers: number;
  repeat_buyers: number;
}

/**
 * The period's orders (the occurred_at index) with their categorised lines, one row per order, category
 * and brand; then each buyer's orders per category and per brand, summed. A purchase is an order, not a
 * line: three lines of one brand in a basket are one purchase of it.
 */
const PURCHASES_STATEMENT = `with purchases as materialized (
    select distinct o.id as order_id, o.member_id, l.category, l.brand
    from orders o join order_lines l on l.order_id = o.id
    where o.occurred_at >= $1 and o.occurred_at < $2 and o.currency = $3 and l.category is not null and ($4::text is null or l.category = $4)),
  per_category as (select category, member_id, count(distinct order_id) as orders from purchases group by 1, 2),
  per_brand as (select category, brand, member_id, count(*) as orders from purchases where brand is not null group by 1, 2, 3)
  select category, null::text as brand, sum(orders)::int as purchases, count(*)::int as buyers, count(*) filter (where orders >= 2)::int as repeat_buyers
  from per_category group by 1
  union all
  select category, brand, sum(orders)::int, count(*)::int, count(*) filter (where orders >= 2)::int
  from per_brand group by 1, 2`;

export async function brandRepurchaseReport(db: Sql, config: Config, query: BrandQuery, now: Date): Promise<BrandRepurchase> {
  const { from, to, currency } = resolvePeriod(query, config, now);
  const rows = await db.query<PurchaseRow>(PURCHASES_STATEMENT, [from, to, currency, query.category ?? null]);
  return { period: { from: from.toISOString(), to: to.toISOString() }, currency, categories: byCategory(rows) };
}

/** Categories and their brands, most purchased first (then by name), each brand rated against its category. */
export function byCategory(rows: readonly PurchaseRow[]): BrandRepurchase['categories'] {
  const name = (row: PurchaseRow) => row.brand ?? row.category;
  const ordered = [...rows].sort((a, b) => b.purchases - a.purchases || (name(a) < name(b) ? -1 : 1));
  return ordered
    .filter((row) => row.brand === null)
    .map((category) => ({
      category: category.category,
      purchases: category.purchases,
      buyers: category.buyers,
      brands: ordered
        .filter((row) => row.category === category.category && row.brand !== null)
        .map((row) => ({
          brand: row.brand!,
          purchases: row.purchases,
          buyers: row.buyers,
          repurchaseRate: brandRepurchaseRate({ brandPurchases: row.purchases, categoryPurchases: category.purchases }),
          repeatBuyers: row.repeat_buyers,
        })),
    }));
}
