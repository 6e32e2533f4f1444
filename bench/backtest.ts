// Backtest of a million stored orders: seeds them in SQL (members, orders, two lines each, spread
// over a year), then times POST /v1/program/rules/backtest under the 50-rule draft set.
import pg from 'pg';
import { fiftyRuleDefinitions } from './rules.js';

export async function seedOrders(url: string, orders: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    const members = Math.max(1000, Math.floor(orders / 20));
    await client.query(`insert into members (id, name) select 'mem_bt' || lpad(i::text, 24, '0'), 'Bench' from generate_series(1, $1) i`, [members]);
    await client.query(
      `insert into orders (id, member_id, currency, total, points, store_id, channel, occurred_at, recorded_at)
       select 'ord_bt' || lpad(i::text, 24, '0'), 'mem_bt' || lpad((1 + i % $2)::text, 24, '0'), 'EUR', 700 + (i % 50) * 60, 7 + (i % 50) * 6 / 10,
         'store-' || (i % 12), 'store', timestamptz '2026-01-01' + (i % 365) * interval '1 day' + (i % 720) * interval '1 minute', now()
       from generate_series(1, $1) i`,
      [orders, members],
    );
    await client.query(
      `insert into order_lines (order_id, line_id, member_id, position, sku, category, quantity, unit_price, discount, amount, points)
       select o.id, l.n::text, o.member_id, l.n - 1, 'SKU-' || ((right(o.id, 6)::int + l.n) % 60), (array['coffee','tea','bakery','beans','merch'])[1 + (right(o.id, 6)::int + l.n) % 5],
         1, 350 * l.n, 0, 350 * l.n, 0
       from orders o cross join generate_series(1, 2) l(n) where o.id like 'ord_bt%'`,
    );
    await client.query('analyze');
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

export async function timeBacktest(baseUrl: string, adminKey: string): Promise<{ seconds: number; orders: number; wouldIssue: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/program/rules/backtest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', maxEvents: 1_000_000, rules: fiftyRuleDefinitions(true) }),
  });
  const body = (await response.json()) as { orders: number; wouldIssue: { points: number } };
  if (!response.ok) throw new Error(`backtest: ${response.status} ${JSON.stringify(body)}`);
  return { seconds: (performance.now() - started) / 1000, orders: body.orders, wouldIssue: body.wouldIssue.points };
}
