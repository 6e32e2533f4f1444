import type { App } from '../../http/context.js';
import { memberIdParams, page, pageQuery, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { createDraw, getDraw, listDraws } from './campaigns.js';
import { createDrawBody, draw, drawEntry, drawExport, drawIdParams, drawOutcome, drawWinner, grantEntriesBody, resultsQuery } from './contract.js';
import { listResults, runDraw } from './drawing.js';
import { grantEntries, listDrawEntries, listMemberEntries } from './entries.js';
import { exportDraw } from './export.js';

const tags = ['draws'];

/** Win-win draws: campaigns, entries, the commit-reveal draw and its public audit trail. */
export async function drawRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  app.post('/v1/draws', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create a draw campaign',
      description:
        'Entries open and close at the given times; prize levels are drawn in order and the consolation prize goes to every other entrant. ' +
        'A secret 32-byte seed is generated now and only its sha256 (`seedHash`) is published until the draw. ' +
        '422 draw_closes_in_past or draw_prize_reward_unknown. Honours Idempotency-Key.',
      body: createDrawBody,
      response: { 201: draw, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createDraw(tx, request.body, clock())),
  });

  app.get('/v1/draws', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Draw campaigns, newest first', querystring: pageQuery, response: { 200: page(draw), ...problems } },
    handler: (request) => listDraws(db, request.query, clock()),
  });

  app.get('/v1/draws/:id', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A draw campaign with its commitments',
      description: '`seedHash` always; `entriesHash` once the entries are sealed after the close; `seed` once drawn.',
      params: drawIdParams,
      response: { 200: draw, ...problems },
    },
    handler: (request) => getDraw(db, request.params.id, clock()),
  });

  app.get('/v1/draws/:id/entries', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'A campaign’s entries, in the order they were recorded', params: drawIdParams, querystring: pageQuery, response: { 200: page(drawEntry), ...problems } },
    handler: (request) => listDrawEntries(db, request.params.id, request.query),
  });

  app.post('/v1/draws/:id/entries', {
    config: { roles: ACCESS.integrate },
    schema: {
      tags,
      summary: 'Grant entries by hand while the draw is open',
      description:
        'Up to the per-member maximum (fewer if the member is near it). With a `reference`, sending it again returns the first grant. ' +
        '409 draw_not_open or draw_already_drawn; 422 draw_entry_limit_reached. Honours Idempotency-Key.',
      params: drawIdParams,
      body: grantEntriesBody,
      response: { 201: drawEntry, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => grantEntries(tx, request.params.id, request.body, clock())),
  });

  app.post('/v1/draws/:id/draw', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Run the draw: reveal the seed, pick the winners, award every prize',
      description:
        'Once, after the close: 409 draw_not_closed before, draw_already_drawn after. Seals the entries if not yet sealed, computes the winners ' +
        'from (seed, canonical entry list, prize table), awards points through the ledger and reward codes in the same transaction, and writes ' +
        '`draw.drawn` and one `draw.prize_awarded` per prize to the outbox. Check it with `fidelis draws verify <id>`. Honours Idempotency-Key.',
      params: drawIdParams,
      response: { 200: drawOutcome, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => runDraw(tx, config.program, request.params.id, { now: clock(), actor: request.principal })),
  });

  app.get('/v1/draws/:id/results', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Every prize awarded, in the order of the draw (consolation prizes last)',
      description: '409 draw_not_drawn before the draw. The cursor is the last `position` of the previous page.',
      params: drawIdParams,
      querystring: resultsQuery,
      response: { 200: page(drawWinner), ...problems },
    },
    handler: (request) => listResults(db, request.params.id, request.query),
  });

  app.get('/v1/draws/:id/export', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Everything needed to check a draw offline',
      description: 'The revealed seed, both hashes, the prize table, the canonical entry list and the results; `fidelis draws verify --file` checks it. 409 draw_not_drawn before the draw.',
      params: drawIdParams,
      response: { 200: drawExport, ...problems },
    },
    handler: (request) => exportDraw(db, request.params.id),
  });

  app.get('/v1/members/:id/draw-entries', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'A member’s draw entries in every campaign, newest first', params: memberIdParams, querystring: pageQuery, response: { 200: page(drawEntry), ...problems } },
    handler: (request) => listMemberEntries(db, request.params.id, request.query),
  });
}
