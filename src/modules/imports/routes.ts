import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { importMembersBody, importOrdersBody, importResult } from './contract.js';
import { jsonRowSource, withRejects } from './json-source.js';
import { MEMBER_COLUMNS } from './member-rows.js';
import { importMembers } from './members-import.js';
import { ORDER_COLUMNS } from './order-rows.js';
import { importOrders } from './orders-import.js';

const tags = ['imports'];
/** 5,000 rows of order lines are ~1.5 MB of JSON: above the general body limit, which suits single records. */
const IMPORT_BODY_LIMIT = 8 * 1_048_576;

/** Small batches over HTTP, through the same importer as `fidelis import`, in one transaction per request. */
export async function importRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;
  const bodyLimit = Math.max(config.bodyLimitBytes, IMPORT_BODY_LIMIT);

  app.post('/v1/imports/members', {
    bodyLimit,
    config: { roles: ACCESS.integrate, checksTextPerRow: true },
    schema: {
      tags,
      summary: 'Import up to 5,000 members',
      description:
        'The rows of `fidelis import members` as JSON objects keyed by column (external_id required). Members whose external_id exists ' +
        'are skipped, so a retry resumes; bad rows are answered in `rejects` with their position and reason, the rest is imported. ' +
        'No signup program event is raised. Unknown columns are 400 validation_failed. Bodies up to 8 MB. Honours Idempotency-Key.',
      body: importMembersBody,
      response: { 200: importResult, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 200, (tx) =>
        withRejects((onRejected) => importMembers(jsonRowSource(MEMBER_COLUMNS, request.body.rows), (fn) => fn(tx), { now: clock(), onRejected })),
      ),
  });

  app.post('/v1/imports/orders', {
    bodyLimit,
    config: { roles: ACCESS.integrate, checksTextPerRow: true },
    schema: {
      tags,
      summary: 'Import up to 5,000 historical order lines',
      description:
        'The rows of `fidelis import orders` as JSON objects keyed by column; money in minor units; the lines of one order one after another. ' +
        'Orders whose order_id is already recorded are skipped; an order with any bad line (unknown member or currency, negative quantity, ' +
        'a time in the future, duplicate line ids, lines disagreeing on member, currency or time) is rejected whole, each of its rows in ' +
        '`rejects` with a reason. Imported orders earn no points unless `earn` is true. Bodies up to 8 MB. Honours Idempotency-Key.',
      body: importOrdersBody,
      response: { 200: importResult, ...problems },
    },
    handler: async (request, reply) => {
      const earn = request.body.earn ? { rules: await rules.forOrders(), ladder: await rules.ladder() } : null;
      return replyWithTransaction(db, request, reply, 200, (tx) =>
        withRejects((onRejected) =>
          importOrders(jsonRowSource(ORDER_COLUMNS, request.body.rows), (fn) => fn(tx), { program: config.program, now: clock(), earn, onRejected }),
        ),
      );
    },
  });
}
