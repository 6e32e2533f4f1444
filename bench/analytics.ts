// Analytics at scale: 1M members and 10M order lines (and half as many walk-in sales as members' orders)
// seeded in SQL over two years, aggregates built by the same recount the migration uses, then overview
// KPIs and RFM timed warm through the HTTP API.
import pg from 'pg';

export async function seedAnalytics(url: string, members: number, lines: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  const orders = Math.floor(lines / 3);
  try {
    await client.query(`insert into members (id, name) select 'mem_an' || lpad(i::text, 24, '0'), 'Bench' from generate_series(1, $1) i`, [members]);
    // Members buy at very different rates: member k of order i is skewed towards low numbers (i² mod n).
    await client.query(
      `insert into orders (id, member_id, currency, total, points, store_id, channel, occurred_at, recorded_at)
       select 'ord_an' || lpad(i::text, 24, '0'), 'mem_an' || lpad((1 + (i::int8 * i) % $2)::text, 24, '0'), 'EUR', 3 * (700 + (i % 50) * 60), 0,
         'store-' || (i % 12), 'store', timestamptz '2025-01-01' + ((i * 37) % 730) * interval '1 day' + (i % 720) * interval '1 minute', now()
       from generate_series(1, $1) i`,
      [orders, members],
    );
    await client.query(
      `insert into order_lines (order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points)
       select o.id, l.n::text, o.member_id, l.n - 1, 'SKU-' || (l.n * 7 + length(o.id)) % 60, (array['coffee','tea','bakery','beans','merch'])[1 + l.n % 5],
         (array['Illy','Lavazza','Own'])[1 + l.n % 3], 1, o.total / 3, 0, o.total / 3, 0
       from orders o cross join generate_series(1, 3) l(n)`,
    );
    // Walk-ins: one sale to a non-member for every two members' orders, over the same two years and stores.
    await client.query(
      `insert into non_member_orders (id, external_id, currency, total, store_id, occurred_at)
       select 'ord_nm' || lpad(i::text, 24, '0'), 'nm-' || i, 'EUR', 500 + (i % 40) * 50, 'store-' || (i % 12),
         timestamptz '2025-01-01' + ((i * 41) % 730) * interval '1 day' + (i % 700) * interval '1 minute'
       from generate_series(1, $1) i`,
      [Math.floor(orders / 2)],
    );
    await client.query(
      `insert into member_order_stats (member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at)
       select member_id, currency, count(*)::int, sum(total), 0, 0, sum(total), min(occurred_at), max(occurred_at) from orders group by member_id, currency`,
    );
    await client.query('vacuum analyze');
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** Median of `runs` warm calls (after one to warm the cache), in ms. */
export async function timeWarm(url: string, adminKey: string, runs = 5): Promise<number> {
  const call = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${adminKey}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    await response.json();
    return performance.now() - started;
  };
  await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await call());
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]!);
}
