import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import type { CreateEndpointInput, Endpoint, EndpointWithSecret, UpdateEndpointInput } from './contract.js';
import { EndpointNotFound } from './errors.js';
import { newEndpointSecret } from './signing.js';

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  secret: string;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column but the secrets, which only creation and rotation ever return. */
const PUBLIC_COLUMNS = 'id, url, description, event_types, enabled, previous_secret_expires_at, created_at, updated_at';

function toEndpoint(row: Omit<EndpointRow, 'secret'>): Endpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createEndpoint(tx: Sql, input: CreateEndpointInput, now: Date): Promise<EndpointWithSecret> {
  const [row] = await tx.query<EndpointRow>(
    `insert into webhook_endpoints (id, url, description, event_types, enabled, secret, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) returning ${PUBLIC_COLUMNS}, secret`,
    [newId('whe'), input.url, input.description ?? null, JSON.stringify(input.eventTypes), input.enabled, newEndpointSecret(), now],
  );
  return { ...toEndpoint(row!), secret: row!.secret };
}

export async function listEndpoints(db: Sql, query: { limit: number; cursor?: string | undefined }): Promise<Page<Endpoint>> {
  const rows = await db.query<EndpointRow>(
    `select ${PUBLIC_COLUMNS} from webhook_endpoints where $1::text is null or id > $1 order by id limit $2`,
    [query.cursor ?? null, query.limit + 1],
  );
  return toPage(rows, query.limit, toEndpoint);
}

export async function getEndpoint(db: Sql, id: string): Promise<Endpoint> {
  const [row] = await db.query<EndpointRow>(`select ${PUBLIC_COLUMNS} from webhook_endpoints where id = $1`, [id]);
  if (!row) throw new EndpointNotFound(id);
  return toEndpoint(row);
}

export async function updateEndpoint(tx: Sql, id: string, input: UpdateEndpointInput, now: Date): Promise<Endpoint> {
  const [row] = await tx.query<EndpointRow>(
    `update webhook_endpoints set
       url = coalesce($2, url),
       description = case when $3::boolean then $4 else description end,
       event_types = coalesce($5::jsonb, event_types),
       enabled = coalesce($6, enabled),
       updated_at = $7
     where id = $1 returning ${PUBLIC_COLUMNS}`,
    [
      id,
      input.url ?? null,
      input.description !== undefined,
      input.description ?? null,
      input.eventTypes ? JSON.stringify(input.eventTypes) : null,
      input.enabled ?? null,
      now,
    ],
  );
  if (!row) throw new EndpointNotFound(id);
  return toEndpoint(row);
}

/** Deletes the endpoint with its delivery log; nothing more is sent to it. */
export async function deleteEndpoint(tx: Sql, id: string): Promise<void> {
  const rows = await tx.query('delete from webhook_endpoints where id = $1 returning id', [id]);
  if (rows.length === 0) throw new EndpointNotFound(id);
}

/**
 * Issues a new secret; the current one becomes the previous one and keeps signing for the grace period,
 * so receivers can deploy the new secret without rejecting a single delivery.
 */
export async function rotateSecret(tx: Sql, id: string, graceHours: number, now: Date): Promise<EndpointWithSecret> {
  const [row] = await tx.query<EndpointRow>(
    `update webhook_endpoints set
       previous_secret = secret,
       previous_secret_expires_at = $3::timestamptz + make_interval(hours => $4::int),
       secret = $2,
       updated_at = $3
     where id = $1 returning ${PUBLIC_COLUMNS}, secret`,
    [id, newEndpointSecret(), now, graceHours],
  );
  if (!row) throw new EndpointNotFound(id);
  return { ...toEndpoint(row), secret: row.secret };
}
