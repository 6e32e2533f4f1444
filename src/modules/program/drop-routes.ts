import type { App } from '../../http/context.js';
import { page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { createDrop, getDrop, listDrops, memberDropAccess, replaceDrop } from './drop-service.js';
import { drop, dropAccess, dropBody, dropIdParams, listDropsQuery, memberDropParams } from './drops-contract.js';

const tags = ['program'];

const DROP_EXAMPLE =
  'E.g. {"name":"Winter jacket drop","skus":["JKT-W26"],"publicStartsAt":"2026-12-03T09:00:00Z",' +
  '"earlyAccess":[{"tier":"gold","startsAt":"2026-12-01T09:00:00Z"}]}.';

/** Product drops with early access by tier. */
export async function dropRoutes(app: App): Promise<void> {
  const { db, clock, rules } = app.fidelis;

  app.post('/v1/program/drops', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create a product drop with early access',
      description:
        'Everyone may buy from `publicStartsAt` (until `endsAt`, if set); each early-access window lets a tier, and every tier above ' +
        `it, buy earlier. 422 drop_tier_unknown for tiers not in the ladder. Honours Idempotency-Key. ${DROP_EXAMPLE}`,
      body: dropBody,
      response: { 201: drop, ...problems },
    },
    handler: async (request, reply) => {
      const ladder = await rules.ladder();
      return replyWithTransaction(db, request, reply, 201, (tx) => createDrop(tx, ladder, request.body, clock()));
    },
  });

  app.get('/v1/program/drops', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'List drops', description: 'Cursor-paginated, oldest first.', querystring: listDropsQuery, response: { 200: page(drop), ...problems } },
    handler: (request) => listDrops(db, request.query),
  });

  app.get('/v1/program/drops/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a drop', params: dropIdParams, response: { 200: drop, ...problems } },
    handler: (request) => getDrop(db, request.params.id),
  });

  app.put('/v1/program/drops/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Replace a drop’s definition', description: DROP_EXAMPLE, params: dropIdParams, body: dropBody, response: { 200: drop, ...problems } },
    handler: async (request, reply) => {
      const ladder = await rules.ladder();
      return replyWithTransaction(db, request, reply, 200, (tx) => replaceDrop(tx, ladder, request.params.id, request.body, clock()));
    },
  });

  app.get('/v1/members/:id/access/:drop', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Whether and from when a member may buy from a drop',
      description:
        'By the member’s tier, brought up to date now, e.g. {"allowed":false,"from":"2026-12-01T09:00:00.000Z",' +
        '"reason":"Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone."}.',
      params: memberDropParams,
      response: { 200: dropAccess, ...problems },
    },
    handler: async (request) => memberDropAccess(db, await rules.ladder(), request.params.id, request.params.drop, clock()),
  });
}
