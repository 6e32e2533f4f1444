import type { Sql } from '../../db/client.js';
import { toPage, type Page } from '../../db/page.js';
import type { Delivery, DeliveryQuery, DeliveryStatus } from './contract.js';
import { DeliveryNotFound } from './errors.js';

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  member_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
}

interface AttemptRow {
  delivery_id: string;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

const COLUMNS = `d.id, d.endpoint_id, d.event_id, o.type as event_type, d.member_id, d.status, d.attempts, d.next_attempt_at, d.created_at, d.delivered_at`;

async function withLog(db: Sql, rows: readonly DeliveryRow[]): Promise<Map<string, Delivery['log']>> {
  const attempts = await db.query<AttemptRow>(
    'select delivery_id, attempted_at, status_code, latency_ms, error from webhook_attempts where delivery_id = any($1::text[]) order by delivery_id, id',
    [rows.map((row) => row.id)],
  );
  const log = new Map<string, Delivery['log']>();
  for (const a of attempts) {
    const entries = log.get(a.delivery_id) ?? [];
    entries.push({ attemptedAt: a.attempted_at.toISOString(), statusCode: a.status_code, latencyMs: a.latency_ms, error: a.error });
    log.set(a.delivery_id, entries);
  }
  return log;
}

function toDelivery(row: DeliveryRow, log: Map<string, Delivery['log']>): Delivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    memberId: row.member_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    log: log.get(row.id) ?? [],
  };
}

/** The delivery log, newest first, each delivery with its attempts. */
export async function listDeliveries(db: Sql, query: DeliveryQuery): Promise<Page<Delivery>> {
  const rows = await db.query<DeliveryRow>(
    `select ${COLUMNS} from webhook_deliveries d join outbox o on o.id = d.event_id
     where ($1::text is null or d.endpoint_id = $1) and ($2::text is null or d.status = $2)
       and ($3::text is null or d.member_id = $3) and ($4::text is null or d.id < $4)
     order by d.id desc limit $5`,
    [query.endpointId ?? null, query.status ?? null, query.memberId ?? null, query.cursor ?? null, query.limit + 1],
  );
  const log = await withLog(db, rows.slice(0, query.limit));
  return toPage(rows, query.limit, (row) => toDelivery(row, log));
}

/**
 * Sends a delivery again, with the same webhook-id (receivers that already have it can drop it): a
 * dead one gets a fresh set of attempts, a delivered one is queued once more, a pending one is due now.
 */
export async function replayDelivery(tx: Sql, id: string, now: Date): Promise<Delivery> {
  const updated = await tx.query(
    `update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = $2, lease_token = null, delivered_at = null
     where id = $1 returning id`,
    [id, now],
  );
  if (updated.length === 0) throw new DeliveryNotFound(id);
  const rows = await tx.query<DeliveryRow>(`select ${COLUMNS} from webhook_deliveries d join outbox o on o.id = d.event_id where d.id = $1`, [id]);
  return toDelivery(rows[0]!, await withLog(tx, rows));
}
