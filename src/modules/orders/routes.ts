import type { App } from '../../http/context.js';
import { memberIdParams, page, problems } from '../../http/schemas.js';
import { replyWithStatement, replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { assertNotInFuture } from '../ledger/errors.js';
import { createOrderBody, createRefundBody, memberOrder, memberOrdersQuery, order, orderIdParams, refund, type Order } from './contract.js';
import { listMemberOrderPage } from './member-orders.js';
import { refundOrder } from './refunds.js';
import { createOrderRecorder } from './batch.js';
import { upgradeAfterOrder } from '../program/tier-service.js';
import { settleAfterOrder } from '../referrals/completion.js';
import { reverseBonusesAfterRefund } from '../referrals/reversal.js';
import { getOrder } from './service.js';

const tags = ['orders'];

export async function orderRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;
  const orders = createOrderRecorder(db, config.program, { rules, reportDrawFailure: (error) => app.log.error({ err: error }, 'draw entries of an order not recorded') });

  app.post('/v1/orders', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Record a purchase and earn points',
      description:
        'Points are attributed per line and stay pending for the return window; `draw_entries` rules enter the member in open draws ' +
        '(kept on refund). Honours Idempotency-Key; ' +
        'a duplicate externalId, or one imported as a sale to a non-member, is 409 order_already_recorded.',
      body: createOrderBody,
      response: { 201: order, ...problems },
    },
    handler: (request, reply) => {
      const now = clock();
      return replyWithStatement<Order>(db, request, reply, 201, async (claim) => {
        const order = await orders.record(request.body, now, claim);
        // Upgrades happen at once, before the answer; a failure is caught up by the next tier read or the review job.
        await upgradeAfterOrder(db, await rules.ladder(), order.memberId, now).catch((error: unknown) => request.log.error(error));
        // Likewise a referral the order completes; a failure is caught up by the referrals job.
        await settleAfterOrder(db, await rules.referrals(), order.memberId, { program: config.program, now, actor: request.principal }).catch((error: unknown) =>
          request.log.error(error),
        );
        return order;
      });
    },
  });

  app.get('/v1/orders/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get an order with its lines and earned points', params: orderIdParams, response: { 200: order, ...problems } },
    handler: (request) => getOrder(db, request.params.id),
  });

  app.get('/v1/members/:id/orders', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s orders with their lines and refunds, newest first',
      description: 'Cursor-paginated by when the order occurred. Example: `GET /v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/orders?limit=20`.',
      params: memberIdParams,
      querystring: memberOrdersQuery,
      response: { 200: page(memberOrder), ...problems },
    },
    handler: (request) => listMemberOrderPage(db, request.params.id, request.query),
  });

  app.post('/v1/orders/:id/refunds', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Refund order lines and claw back their points',
      description:
        'Claws back exactly the refunded lines’ points (pro rata per unit, exact over several refunds). ' +
        'Points already spent become debt or are forgiven, per the clawback policy. A refund within the return window that ' +
        'leaves a referral’s qualifying order under its minimum reverses both referral bonuses. Honours Idempotency-Key.',
      params: orderIdParams,
      body: createRefundBody,
      response: { 201: refund, ...problems },
    },
    handler: async (request, reply) => {
      const now = clock();
      const referrals = await rules.referrals();
      return replyWithTransaction(db, request, reply, 201, async (tx) => {
        if (request.body.occurredAt) assertNotInFuture(new Date(request.body.occurredAt), now);
        const context = { now, actor: request.principal };
        const refund = await refundOrder(tx, config.program, { ...request.body, orderId: request.params.id }, context);
        if (referrals) await reverseBonusesAfterRefund(tx, config.program, request.params.id, context);
        return refund;
      });
    },
  });
}
