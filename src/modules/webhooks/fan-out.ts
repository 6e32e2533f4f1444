import type { Database } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { matchesFilters } from './filters.js';

/** Advisory lock key: one fan-out at a time across all workers (any constant; this one spells "whfanout"). */
const FAN_OUT_LOCK = 0x776866616e6f7574n;

/**
 * Turns the oldest undispatched outbox events into one pending delivery per matching enabled endpoint,
 * and marks the events dispatched, in one transaction: an event is fanned out exactly once (the
 * unique (endpoint, event) pair backs that up). Events no endpoint wants are marked too, so the
 * undispatched backlog the partial index covers stays small. Fan-outs never run side by side: if two
 * did, the later batch could commit first and a member's newer event could be claimed before its older
 * one exists as a delivery. A worker that finds the lock taken just skips to sending.
 */
export async function enqueueDeliveries(db: Database, limit: number, now: Date): Promise<{ events: number; deliveries: number }> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ held: boolean }>('select pg_try_advisory_xact_lock($1) as held', [FAN_OUT_LOCK]);
    if (!lock!.held) return { events: 0, deliveries: 0 };
    const events = await tx.query<{ id: string; type: string; member_id: string | null }>(
      'select id, type, member_id from outbox where dispatched_at is null order by id limit $1',
      [limit],
    );
    if (events.length === 0) return { events: 0, deliveries: 0 };
    const endpoints = await tx.query<{ id: string; event_types: string[] }>('select id, event_types from webhook_endpoints where enabled');
    const pairs = events.flatMap((event) => endpoints.filter((endpoint) => matchesFilters(endpoint.event_types, event.type)).map((endpoint) => ({ event, endpoint })));
    if (pairs.length > 0) {
      await tx.query(
        `insert into webhook_deliveries (id, endpoint_id, event_id, member_id, status, next_attempt_at, created_at)
         select id, endpoint_id, event_id, member_id, 'pending', $5, $5
         from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as p(id, endpoint_id, event_id, member_id)
         on conflict (endpoint_id, event_id) do nothing`,
        [pairs.map(() => newId('msg')), pairs.map((p) => p.endpoint.id), pairs.map((p) => p.event.id), pairs.map((p) => p.event.member_id), now],
      );
    }
    await tx.query('update outbox set dispatched_at = $2 where id = any($1::text[])', [events.map((e) => e.id), now]);
    return { events: events.length, deliveries: pairs.length };
  });
}
