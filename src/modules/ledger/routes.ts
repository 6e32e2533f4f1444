import type { App } from '../../http/context.js';
import { idOf, memberIdParams, page, pageQuery, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { adjustmentBody, balance, entryParams, ledgerChange, ledgerEntry, redemptionBody, reversalBody } from './contract.js';
import { assertNotInFuture } from './errors.js';
import { createBalanceReader } from './balance-reader.js';
import { listEntries } from './queries.js';
import { adjustPoints, redeemPoints, reverseEntry } from './service.js';

const tags = ['points'];

export async function ledgerRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;
  const readBalance = createBalanceReader(db);

  app.get('/v1/members/:id/balance', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Points balance', params: memberIdParams, response: { 200: balance, ...problems } },
    handler: (request) => readBalance(request.params.id, clock()),
  });

  app.get('/v1/members/:id/ledger', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Ledger entries, newest first',
      description: 'Each entry explains itself: rule and order lines for earnings, lots consumed for outflows.',
      params: memberIdParams,
      querystring: pageQuery.extend({ cursor: idOf('txn').optional() }),
      response: { 200: page(ledgerEntry), ...problems },
    },
    handler: (request) => listEntries(db, request.params.id, request.query, clock()),
  });

  app.post('/v1/members/:id/redemptions', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Spend points',
      description: 'Soonest-expiring points first. Never overdraws: 422 points_insufficient. Honours Idempotency-Key.',
      params: memberIdParams,
      body: redemptionBody,
      response: { 201: ledgerChange, ...problems },
    },
    handler: (request, reply) => {
      const now = clock();
      const occurredAt = request.body.occurredAt ? new Date(request.body.occurredAt) : now;
      return replyWithTransaction(db, request, reply, 201, (tx) => {
        assertNotInFuture(occurredAt, now);
        return redeemPoints(tx, { memberId: request.params.id, ...request.body, occurredAt, asOf: now }, request.principal);
      });
    },
  });

  app.post('/v1/members/:id/adjustments', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Adjust points (admin)',
      description: 'Positive adds available points, negative removes them (never below zero). A reason is required.',
      params: memberIdParams,
      body: adjustmentBody,
      response: { 201: ledgerChange, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, (tx) =>
        adjustPoints(tx, config.program, { memberId: request.params.id, ...request.body, occurredAt: clock() }, request.principal),
      ),
  });

  app.post('/v1/members/:id/ledger/:entryId/reversal', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Reverse a ledger entry (admin)',
      description: 'Books the opposite entry; each entry can be reversed once. A reason is required.',
      params: entryParams,
      body: reversalBody,
      response: { 201: ledgerChange, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, (tx) =>
        reverseEntry(
          tx,
          config.program,
          { memberId: request.params.id, entryId: request.params.entryId, reason: request.body.reason, occurredAt: clock() },
          request.principal,
        ),
      ),
  });
}
