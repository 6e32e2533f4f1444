// A member's orders for the admin's Member 360: one statement per page, lines and refunds aggregated in
// SQL rather than one read per order.
import type { Sql } from '../../db/client.js';
import { toPage, type Page } from '../../db/page.js';
import { getMember } from '../members/service.js';
import type { MemberOrder } from './contract.js';
import { orderHeader, type OrderRow } from './service.js';

interface MemberOrderRow extends OrderRow {
  lines: MemberOrder['lines'] | null;
  refunds: MemberOrder['refunds'];
}

/**
 * Newest purchase first (by when it occurred, so an imported old order sorts among its peers); the cursor
 * is the last order's id, resolved to its (occurred_at, id) keyset.
 */
export async function listMemberOrderPage(db: Sql, memberId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<MemberOrder>> {
  await getMember(db, memberId);
  const rows = await db.query<MemberOrderRow>(
    `select o.id, o.external_id, o.member_id, o.currency, o.total, o.points, o.occurred_at, o.recorded_at, o.store_id, o.staff_id, o.channel,
       (select jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category, 'brand', l.brand, 'quantity', l.quantity,
          'unitPrice', l.unit_price, 'discount', l.discount, 'amount', l.amount, 'points', l.points, 'refundedQuantity', l.refunded_quantity)
          order by l.position) from order_lines l where l.order_id = o.id) as lines,
       coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'amount', r.amount, 'points', r.points, 'reason', r.reason,
          'occurredAt', to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'lines', (select coalesce(jsonb_agg(jsonb_build_object('lineId', rl.line_id, 'quantity', rl.quantity, 'amount', rl.amount) order by rl.line_id), '[]'::jsonb)
                    from refund_lines rl where rl.refund_id = r.id)) order by r.occurred_at, r.id)
        from refunds r where r.order_id = o.id), '[]'::jsonb) as refunds
     from orders o
     where o.member_id = $1
       and ($2::text is null or (o.occurred_at, o.id) < (select c.occurred_at, c.id from orders c where c.id = $2 and c.member_id = $1))
     order by o.occurred_at desc, o.id desc limit $3`,
    [memberId, query.cursor ?? null, query.limit + 1],
  );
  return toPage(rows, query.limit, (row) => ({
    ...orderHeader(row),
    lines: row.lines ?? [],
    refunds: row.refunds,
  }));
}
