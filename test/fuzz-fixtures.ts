// Things that exist, for the fuzzer to name beside ids that do not: a request for a known member or
// order reaches the service and the database instead of stopping at a 404.
import { expect } from 'vitest';
import { unsubscribeSecret, unsubscribeUrl } from '../src/modules/messages/unsubscribe.js';
import { enqueueDeliveries } from '../src/modules/webhooks/fan-out.js';
import { call, createMemberVia, orderBody, type TestApp } from './harness.js';

export interface FuzzFixture {
  /** Existing ids by prefix (`mem`, `ord`, ...). API key ids are left out: revoking the test's own keys would end the run. */
  ids: Record<string, string[]>;
  /** Existing values of path parameters that are not ids, by parameter name (`code`, `token`). */
  strings: Record<string, string[]>;
  walletToken: string;
}

const NPS_SURVEY = { name: 'Fuzz NPS', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } };
const LADDER = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'regular', name: 'Regular', threshold: 10 }] };
const DROP = { name: 'Fuzz drop', publicStartsAt: '2026-12-03T09:00:00Z', earlyAccess: [{ tier: 'regular', startsAt: '2026-12-01T09:00:00Z' }] };
const DRAW = { name: 'Fuzz draw', opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-12-01T00:00:00Z', consolation: { name: 'Points', award: { type: 'points', points: 1 } } };
const JOURNEY = { name: 'Fuzz journey', trigger: { kind: 'order.count', count: 10 }, steps: [{ action: { type: 'grant_points', points: 50, reason: '10th order' } }] };

async function created(t: TestApp, url: string, body?: unknown, field = 'id'): Promise<string> {
  const response = await call(t, 'POST', url, body);
  expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body[field] as string;
}

export async function seedFixtures(t: TestApp): Promise<FuzzFixture> {
  const memberId = await createMemberVia(t, { externalId: 'fuzz-member', marketingConsent: true });
  const otherMemberId = await createMemberVia(t, { marketingConsent: true });
  await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 100_000, reason: 'fuzz seed' });
  const entryId = await created(t, `/v1/members/${memberId}/adjustments`, { points: 10, reason: 'to be reversed' }, 'entryId');
  const orderId = await created(t, '/v1/orders', orderBody(memberId, [{ unitPrice: 1000, quantity: 3 }, { unitPrice: 250 }]));
  const surveyId = await created(t, '/v1/feedback/surveys', NPS_SURVEY);
  const detractor = await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId: otherMemberId, answers: [{ questionId: 'nps', value: 2 }] });
  expect(detractor.status, JSON.stringify(detractor.body)).toBe(201);
  const surveyToken = await created(t, '/v1/feedback/invitations', { surveyId, memberId, orderId }, 'token');
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  const ruleId = await created(t, '/v1/program/rules', { name: 'Review +5', eventTypes: ['review_written'], effects: [{ type: 'fixed_points', points: 5 }] });
  const dropId = await created(t, '/v1/program/drops', DROP);
  const journeyId = await created(t, '/v1/journeys', JOURNEY);
  await created(t, '/v1/coupons', { codes: ['FUZZ-COUPON-1'], maxRedemptions: null, perMemberLimit: 100, discount: { type: 'percent', percent: 10 } }, 'created');
  const rewardId = await created(t, '/v1/rewards', { name: 'Fuzz mug', kind: 'gift', pointsCost: 1 });
  const rewardCodes: string[] = [];
  for (let i = 0; i < 3; i++) rewardCodes.push(await created(t, `/v1/members/${memberId}/rewards`, { rewardId }, 'code'));
  const openDraw = await created(t, '/v1/draws', DRAW);
  const endpointId = await created(t, '/v1/webhooks/endpoints', { url: 'http://127.0.0.1:9/fuzz' });
  await enqueueDeliveries(t.db, 10_000, t.now());
  const deliveries = await call(t, 'GET', `/v1/webhooks/deliveries?endpointId=${endpointId}&limit=1`);
  const segmentId = await created(t, '/v1/segments', { name: 'Fuzz segment', filter: { marketingConsent: true } });
  const cadenceId = await created(t, '/v1/engagement/cadence-rules', { name: 'Fuzz detractors', source: { type: 'detractor', withinDays: 2 }, priority: 1 });
  const walletToken = await created(t, `/v1/members/${memberId}/wallet-link`, undefined, 'token');
  const unsubscribe = unsubscribeUrl(t.config, await unsubscribeSecret(t.db, t.config), otherMemberId, t.now());
  const followUps = await call(t, 'GET', '/v1/feedback/follow-ups');
  return {
    ids: {
      mem: [memberId, otherMemberId],
      ord: [orderId],
      txn: [entryId],
      svy: [surveyId],
      fup: followUps.body.data.map((followUp: { id: string }) => followUp.id),
      rul: [ruleId],
      rwd: [rewardId],
      drp: [dropId],
      drw: [openDraw],
      whe: [endpointId],
      msg: deliveries.body.data.map((delivery: { id: string }) => delivery.id),
      seg: [segmentId],
      cad: [cadenceId],
      jrn: [journeyId],
    },
    strings: {
      code: ['FUZZ-COUPON-1', ...rewardCodes],
      token: [surveyToken, unsubscribe.slice(unsubscribe.lastIndexOf('/u/') + 3)],
    },
    walletToken,
  };
}
