// Role × route: every /v1 route is listed here with the roles allowed to call it, the list is checked
// against the routes the app really serves, and every (route, role) pair is called.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/modules/auth/roles.js';
import { createApiKey, createApiKeyResolver, revokeApiKey } from '../src/modules/auth/service.js';
import { enqueueDeliveries } from '../src/modules/webhooks/fan-out.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

const ROLES = ['admin', 'staff', 'integration', 'analyst'] as const satisfies readonly Role[];
const EVERYONE = ROLES;
const OPERATORS = ['admin', 'staff', 'integration'] as const;
const INTEGRATORS = ['admin', 'integration'] as const;
const ADMIN = ['admin'] as const;
const ANALYSTS = ['admin', 'analyst', 'integration'] as const;

/** Ids the requests fill path parameters with, created in beforeAll. */
interface Fixture {
  memberId: string;
  /** The member's external id, which imported orders name their member by. */
  memberExternalId: string;
  /** Erased by the erase route, so the member other routes use stays active. */
  eraseMemberId: string;
  orderId: string;
  /** An adjustment the reversal route may reverse. */
  entryId: string;
  /** A throw-away key for the revoke route (never one of the role keys the test calls with). */
  keyId: string;
  /** A member who consented to be asked for feedback. */
  askableMemberId: string;
  surveyId: string;
  followUpId: string;
  /** Revised by PUT; each allowed role's retire call retires its latest version, so it is re-created per call. */
  ruleId: string;
  rewardId: string;
  /** Fresh reward codes per allowed role: a code can be used or cancelled once. */
  rewardCodes: { use: string[]; cancel: string[] };
  /** The member's referral code, and new members to attribute to it (a member is referred once). */
  referralCode: string;
  newcomers: string[];
  dropId: string;
  /** Draws: one taking entries, one closed and waiting for its (single, admin-only) draw, one drawn. */
  draws: { open: string; closed: string; drawn: string };
  /** A webhook endpoint for the read/update/rotate routes, another for the delete route, and a delivery to replay. */
  webhooks: { endpointId: string; deleteEndpointId: string; deliveryId: string };
  /** Segments and cadence rules: one every route reads, one only DELETE removes. */
  segments: { kept: string; deleted: string };
  cadenceRules: { kept: string; deleted: string };
  journeyId: string;
  /** The member's wallet token, the only credential member routes accept. */
  walletToken: string;
}

interface RouteCase {
  roles: readonly Role[];
  /** A member route: no API key opens it (401 wallet_token_invalid), the member's wallet token does. */
  member?: true;
  /** A minimal valid body, so an allowed role's call succeeds. */
  body?: (f: Fixture) => unknown;
}

let emailSeq = 0;
/**
 * The access policy, written out by hand (not imported from src/modules/auth/roles.ts) so that a change
 * to any route's roles shows up here as a failing test and a deliberate edit.
 */
const EXPECTED: Record<string, RouteCase> = {
  'POST /v1/api-keys': { roles: ADMIN, body: () => ({ name: 'matrix', role: 'analyst' }) },
  'GET /v1/api-keys': { roles: ADMIN },
  'DELETE /v1/api-keys/:keyId': { roles: ADMIN },
  'POST /v1/members': { roles: OPERATORS, body: () => ({ email: `matrix${(emailSeq += 1)}@example.com` }) },
  'GET /v1/members': { roles: EVERYONE },
  'GET /v1/members/:id': { roles: EVERYONE },
  'PATCH /v1/members/:id': { roles: OPERATORS, body: () => ({ name: 'Renamed' }) },
  'POST /v1/members/:id/notes': { roles: OPERATORS, body: () => ({ body: 'Prefers oat milk.' }) },
  'GET /v1/members/:id/notes': { roles: EVERYONE },
  'GET /v1/members/:id/export': { roles: INTEGRATORS },
  'POST /v1/members/:id/erase': { roles: ADMIN },
  'GET /v1/members/:id/balance': { roles: EVERYONE },
  'GET /v1/members/:id/ledger': { roles: EVERYONE },
  'POST /v1/members/:id/redemptions': { roles: OPERATORS, body: () => ({ points: 1 }) },
  'POST /v1/members/:id/adjustments': { roles: ADMIN, body: () => ({ points: 1, reason: 'auth matrix' }) },
  'POST /v1/members/:id/ledger/:entryId/reversal': { roles: ADMIN, body: () => ({ reason: 'auth matrix' }) },
  'POST /v1/orders': { roles: OPERATORS, body: (f) => orderBody(f.memberId, [{ unitPrice: 500 }]) },
  'GET /v1/orders/:id': { roles: EVERYONE },
  'GET /v1/members/:id/orders': { roles: EVERYONE },
  'POST /v1/orders/:id/refunds': { roles: OPERATORS, body: () => ({ lines: [{ lineId: 'l1', quantity: 1 }] }) },
  'POST /v1/feedback/surveys': { roles: ADMIN, body: () => NPS_SURVEY },
  'GET /v1/feedback/surveys': { roles: EVERYONE },
  'GET /v1/feedback/surveys/:id': { roles: EVERYONE },
  'PATCH /v1/feedback/surveys/:id': { roles: ADMIN, body: () => ({ name: 'Renamed survey' }) },
  'POST /v1/feedback/surveys/:id/campaigns': { roles: INTEGRATORS, body: (f) => ({ memberIds: [f.askableMemberId] }) },
  'POST /v1/feedback/invitations': { roles: OPERATORS, body: (f) => ({ surveyId: f.surveyId, memberId: f.askableMemberId }) },
  'POST /v1/feedback/responses': { roles: OPERATORS, body: (f) => ({ surveyId: f.surveyId, memberId: f.askableMemberId, answers: [{ questionId: 'nps', value: 9 }] }) },
  'GET /v1/feedback/responses': { roles: EVERYONE },
  'GET /v1/feedback/metrics': { roles: EVERYONE },
  'GET /v1/analytics/overview': { roles: ANALYSTS },
  'GET /v1/analytics/rfm': { roles: ANALYSTS },
  'GET /v1/analytics/cohorts': { roles: ANALYSTS },
  'GET /v1/analytics/brands': { roles: ANALYSTS },
  'GET /v1/analytics/members-vs-non-members': { roles: ANALYSTS },
  'GET /v1/analytics/economics': { roles: ANALYSTS },
  'GET /v1/analytics/members': { roles: ANALYSTS },
  'GET /v1/analytics/at-risk': { roles: ANALYSTS },
  'GET /v1/analytics/true-loyalty': { roles: ANALYSTS },
  'GET /v1/analytics/clv/distribution': { roles: ANALYSTS },
  'GET /v1/analytics/tiers': { roles: ANALYSTS },
  'GET /v1/members/:id/scores': { roles: EVERYONE },
  'GET /v1/feedback/satisfaction-vs-loyalty': { roles: EVERYONE },
  'GET /v1/feedback/follow-ups': { roles: EVERYONE },
  'PATCH /v1/feedback/follow-ups/:id': { roles: OPERATORS, body: () => ({ assignee: 'Dana' }) },
  'POST /v1/program/rules': { roles: ADMIN, body: () => REVIEW_RULE },
  'GET /v1/program/rules': { roles: EVERYONE },
  'GET /v1/program/rules/:id': { roles: EVERYONE },
  'PUT /v1/program/rules/:id': { roles: ADMIN, body: () => REVIEW_RULE },
  'POST /v1/program/rules/:id/retire': { roles: ADMIN },
  'POST /v1/program/rules/dry-run': {
    roles: EVERYONE,
    body: () => ({ rules: [REVIEW_RULE], event: { type: 'review_written', occurredAt: '2026-05-01T10:00:00Z' } }),
  },
  'PUT /v1/program/tiers': { roles: ADMIN, body: () => LADDER },
  'GET /v1/program/tiers': { roles: EVERYONE },
  'GET /v1/members/:id/tier': { roles: EVERYONE },
  'PUT /v1/program/unlocks': { roles: ADMIN, body: () => UNLOCKS },
  'GET /v1/program/unlocks': { roles: EVERYONE },
  'GET /v1/members/:id/unlocks': { roles: EVERYONE },
  'POST /v1/coupons': { roles: INTEGRATORS, body: () => ({ generate: { count: 1 }, discount: { type: 'percent', percent: 10 } }) },
  'GET /v1/coupons': { roles: EVERYONE },
  'GET /v1/coupons/:code': { roles: EVERYONE },
  'POST /v1/coupons/validate': { roles: OPERATORS, body: (f) => ({ code: 'MATRIX-1', memberId: f.memberId, orderTotal: 1000, currency: 'EUR' }) },
  'POST /v1/coupons/redeem': { roles: OPERATORS, body: (f) => ({ code: 'MATRIX-1', memberId: f.memberId, orderTotal: 1000, currency: 'EUR' }) },
  'POST /v1/rewards': { roles: ADMIN, body: () => ({ name: 'Matrix mug', kind: 'gift', pointsCost: 1 }) },
  'GET /v1/rewards': { roles: EVERYONE },
  'PATCH /v1/rewards/:id': { roles: ADMIN, body: () => ({ pointsCost: 1 }) },
  'POST /v1/members/:id/rewards': { roles: OPERATORS, body: (f) => ({ rewardId: f.rewardId }) },
  'GET /v1/members/:id/rewards': { roles: EVERYONE },
  'POST /v1/reward-codes/:code/use': { roles: OPERATORS },
  'POST /v1/reward-codes/:code/cancel': { roles: OPERATORS },
  'POST /v1/program/rules/backtest': {
    roles: ['admin', 'analyst'],
    body: () => ({ rules: [REVIEW_RULE], from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }),
  },
  'PUT /v1/program/referrals': { roles: ADMIN, body: () => REFERRAL_PROGRAM },
  'GET /v1/program/referrals': { roles: EVERYONE },
  'GET /v1/members/:id/referral': { roles: EVERYONE },
  'POST /v1/referrals': { roles: OPERATORS, body: (f) => ({ code: f.referralCode, memberId: f.newcomers.shift() }) },
  'GET /v1/members/:id/referrals': { roles: EVERYONE },
  'GET /v1/referrals': { roles: ['admin', 'analyst'] },
  'POST /v1/program/drops': { roles: ADMIN, body: () => DROP },
  'GET /v1/program/drops': { roles: EVERYONE },
  'GET /v1/program/drops/:id': { roles: EVERYONE },
  'PUT /v1/program/drops/:id': { roles: ADMIN, body: () => DROP },
  'GET /v1/members/:id/access/:drop': { roles: EVERYONE },
  'POST /v1/draws': { roles: ADMIN, body: () => DRAW },
  'GET /v1/draws': { roles: EVERYONE },
  'GET /v1/draws/:id': { roles: EVERYONE },
  'GET /v1/draws/:id/entries': { roles: EVERYONE },
  'POST /v1/draws/:id/entries': { roles: INTEGRATORS, body: (f) => ({ memberId: f.memberId, entries: 1 }) },
  'POST /v1/draws/:id/draw': { roles: ADMIN },
  'GET /v1/draws/:id/results': { roles: EVERYONE },
  'GET /v1/draws/:id/export': { roles: EVERYONE },
  'GET /v1/members/:id/draw-entries': { roles: EVERYONE },
  'POST /v1/imports/members': { roles: INTEGRATORS, body: () => ({ rows: [{ external_id: `matrix-import-${(emailSeq += 1)}` }] }) },
  'POST /v1/imports/orders': {
    roles: INTEGRATORS,
    body: (f) => ({
      rows: [{ order_id: `matrix-import-${(emailSeq += 1)}`, member_external_id: f.memberExternalId, occurred_at: '2026-05-01T10:00:00Z', line_id: '1', sku: 'LATTE', quantity: 1, unit_price: 400, currency: 'EUR' }],
    }),
  },
  'POST /v1/webhooks/endpoints': { roles: ADMIN, body: () => ({ url: 'http://127.0.0.1:9/matrix', eventTypes: ['points.*'] }) },
  'GET /v1/webhooks/endpoints': { roles: ADMIN },
  'GET /v1/webhooks/endpoints/:id': { roles: ADMIN },
  'PATCH /v1/webhooks/endpoints/:id': { roles: ADMIN, body: () => ({ description: 'matrix' }) },
  'DELETE /v1/webhooks/endpoints/:id': { roles: ADMIN },
  'POST /v1/webhooks/endpoints/:id/rotate-secret': { roles: ADMIN },
  'GET /v1/webhooks/deliveries': { roles: ADMIN },
  'POST /v1/webhooks/deliveries/:id/replay': { roles: ADMIN },
  'POST /v1/segments': { roles: ADMIN, body: () => SEGMENT },
  'GET /v1/segments': { roles: EVERYONE },
  'GET /v1/segments/:id': { roles: EVERYONE },
  'PUT /v1/segments/:id': { roles: ADMIN, body: () => SEGMENT },
  'DELETE /v1/segments/:id': { roles: ADMIN },
  'GET /v1/segments/:id/members': { roles: EVERYONE },
  'GET /v1/segments/:id/members.csv': { roles: INTEGRATORS },
  'POST /v1/members/:id/contacts': { roles: OPERATORS, body: () => ({ channel: 'call', outcome: 'reached' }) },
  'GET /v1/members/:id/contacts': { roles: EVERYONE },
  'POST /v1/engagement/cadence-rules': { roles: ADMIN, body: () => CADENCE_RULE },
  'GET /v1/engagement/cadence-rules': { roles: EVERYONE },
  'GET /v1/engagement/cadence-rules/:id': { roles: EVERYONE },
  'PUT /v1/engagement/cadence-rules/:id': { roles: ADMIN, body: () => CADENCE_RULE },
  'DELETE /v1/engagement/cadence-rules/:id': { roles: ADMIN },
  'GET /v1/engagement/call-list': { roles: OPERATORS },
  'GET /v1/checkout/lookup': { roles: OPERATORS },
  'POST /v1/journeys': { roles: ADMIN, body: () => JOURNEY },
  'GET /v1/journeys': { roles: EVERYONE },
  'GET /v1/journeys/templates': { roles: EVERYONE },
  'GET /v1/journeys/:id': { roles: EVERYONE },
  'PUT /v1/journeys/:id': { roles: ADMIN, body: () => JOURNEY },
  'POST /v1/journeys/:id/pause': { roles: ADMIN },
  'POST /v1/journeys/:id/resume': { roles: ADMIN },
  'GET /v1/journeys/:id/stats': { roles: ANALYSTS },
  'POST /v1/events': {
    roles: OPERATORS,
    body: (f) => ({ eventId: `matrix-${(emailSeq += 1)}`, memberId: f.memberId, type: 'review_written', occurredAt: '2026-05-01T10:00:00Z' }),
  },
  'POST /v1/members/:id/wallet-link': { roles: ['admin', 'staff'] },
  'GET /v1/wallet/me': { roles: [], member: true },
  'GET /v1/wallet/rewards': { roles: [], member: true },
  'POST /v1/wallet/rewards/:id/redeem': { roles: [], member: true },
  'GET /v1/wallet/referral': { roles: [], member: true },
  'GET /v1/wallet/drops': { roles: [], member: true },
  'GET /v1/wallet/surveys': { roles: [], member: true },
  'GET /v1/wallet/draws': { roles: [], member: true },
};

const LADDER = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'regular', name: 'Regular', threshold: 10 }] };
const UNLOCKS = { unlocks: [{ id: 'free_shipping', name: 'Free shipping', basis: 'spend', threshold: 50_000, windowDays: 90, benefit: { type: 'free_shipping' } }] };
const REFERRAL_PROGRAM = {
  enabled: true,
  referrerReward: { points: 500 },
  refereeReward: { points: 300 },
  qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 },
};
const DROP = { name: 'Matrix drop', publicStartsAt: '2026-12-03T09:00:00Z', earlyAccess: [{ tier: 'regular', startsAt: '2026-12-01T09:00:00Z' }] };
const REVIEW_RULE = { name: 'Review +5', eventTypes: ['review_written'], effects: [{ type: 'fixed_points', points: 5 }] };

const DRAW = { name: 'Matrix draw', opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-12-01T00:00:00Z', consolation: { name: 'Points', award: { type: 'points', points: 1 } } };

const SEGMENT = { name: 'Matrix segment', filter: { marketingConsent: true } };
const CADENCE_RULE = { name: 'Matrix detractors', source: { type: 'detractor', withinDays: 2 }, priority: 1 };
const JOURNEY = { name: 'Matrix journey', trigger: { kind: 'order.count', count: 10 }, steps: [{ action: { type: 'grant_points', points: 50, reason: '10th order' } }] };

const NPS_SURVEY = { name: 'Matrix NPS', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function split(route: string): { method: Method; pattern: string } {
  const [method, pattern] = route.split(' ') as [Method, string];
  return { method, pattern };
}

function fillParams(pattern: string, method: Method, f: Fixture): string {
  const memberId = pattern.endsWith('/erase') ? f.eraseMemberId : f.memberId;
  if (pattern === '/v1/checkout/lookup') return `${pattern}?q=${encodeURIComponent(`fidelis:${f.memberId}`)}`;
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'keyId') return f.keyId;
    if (name === 'entryId') return f.entryId;
    if (name === 'id' && pattern.startsWith('/v1/feedback/surveys/')) return f.surveyId;
    if (name === 'id' && pattern.startsWith('/v1/feedback/follow-ups/')) return f.followUpId;
    if (name === 'id' && pattern.startsWith('/v1/program/rules/')) return f.ruleId;
    if (name === 'id' && (pattern.startsWith('/v1/rewards/') || pattern.startsWith('/v1/wallet/rewards/'))) return f.rewardId;
    if (name === 'id' && pattern.startsWith('/v1/program/drops/')) return f.dropId;
    if (name === 'drop') return f.dropId;
    if (name === 'id' && pattern.startsWith('/v1/webhooks/endpoints/')) return pattern === '/v1/webhooks/endpoints/:id' && method === 'DELETE' ? f.webhooks.deleteEndpointId : f.webhooks.endpointId;
    if (name === 'id' && pattern.startsWith('/v1/webhooks/deliveries/')) return f.webhooks.deliveryId;
    if (name === 'id' && pattern.startsWith('/v1/segments/')) return method === 'DELETE' ? f.segments.deleted : f.segments.kept;
    if (name === 'id' && pattern.startsWith('/v1/engagement/cadence-rules/')) return method === 'DELETE' ? f.cadenceRules.deleted : f.cadenceRules.kept;
    if (name === 'id' && pattern.startsWith('/v1/journeys/')) return f.journeyId;
    if (name === 'id' && pattern.startsWith('/v1/draws/')) {
      if (pattern.endsWith('/draw')) return f.draws.closed;
      return pattern.endsWith('/results') || pattern.endsWith('/export') ? f.draws.drawn : f.draws.open;
    }
    if (name === 'code' && pattern.endsWith('/use')) return f.rewardCodes.use.shift() ?? 'USED-UP';
    if (name === 'code' && pattern.endsWith('/cancel')) return f.rewardCodes.cancel.shift() ?? 'USED-UP';
    if (name === 'code') return 'MATRIX-1';
    if (name === 'id') return pattern.startsWith('/v1/orders/') ? f.orderId : memberId;
    throw new Error(`no fixture for :${name} in ${pattern}`);
  });
}

/**
 * Every route as "METHOD /path", read from the router's own tree (so routes hidden from the OpenAPI
 * document count too). HEAD twins that Fastify adds for GET routes are left out.
 */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const segments: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    segments.length = match[1]!.length / 4;
    segments.push(match[2]!);
    const path = segments.join('');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) {
  const context = `${response.statusCode} ${response.body}`;
  expect(response.statusCode, context).toBe(status);
  expect(String(response.headers['content-type']), context).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.body);
  expect(body, context).toMatchObject({ status, code, type: expect.stringContaining(code), title: expect.any(String) });
}

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  // No quiet period, so every allowed role's invitation succeeds.
  t = await createTestApp({}, { feedbackQuietDays: 0 });
  const memberId = await createMemberVia(t, { externalId: 'matrix-member' });
  const eraseMemberId = await createMemberVia(t);
  // Points to redeem, and an entry to reverse.
  await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 1000, reason: 'auth matrix seed' });
  const entry = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 10, reason: 'to be reversed' });
  expect(entry.status, JSON.stringify(entry.body)).toBe(201);
  const order = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 1000, quantity: 10 }]));
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const key = await call(t, 'POST', '/v1/api-keys', { name: 'to be revoked', role: 'staff' });
  expect(key.status, JSON.stringify(key.body)).toBe(201);
  const askableMemberId = await createMemberVia(t, { marketingConsent: true });
  const survey = await call(t, 'POST', '/v1/feedback/surveys', NPS_SURVEY);
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  const detractor = await call(t, 'POST', '/v1/feedback/responses', { surveyId: survey.body.id, memberId: askableMemberId, answers: [{ questionId: 'nps', value: 2 }] });
  expect(detractor.status, JSON.stringify(detractor.body)).toBe(201);
  f = {
    memberId,
    memberExternalId: 'matrix-member',
    eraseMemberId,
    orderId: order.body.id,
    entryId: entry.body.entryId,
    keyId: key.body.id,
    askableMemberId,
    surveyId: survey.body.id,
    followUpId: detractor.body.followUpId,
    ruleId: (await call(t, 'POST', '/v1/program/rules', REVIEW_RULE)).body.id,
    rewardId: '',
    rewardCodes: { use: [], cancel: [] },
    referralCode: (await call(t, 'GET', `/v1/members/${memberId}/referral`)).body.code,
    // One per call of the route (every role and the keyless one), so each allowed call attributes a new member.
    newcomers: await Promise.all(Array.from({ length: ROLES.length + 1 }, () => createMemberVia(t))),
    dropId: '',
    draws: { open: '', closed: '', drawn: '' },
    webhooks: { endpointId: '', deleteEndpointId: '', deliveryId: '' },
    segments: { kept: '', deleted: '' },
    cadenceRules: { kept: '', deleted: '' },
    journeyId: '',
    walletToken: '',
  };
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  expect((await call(t, 'PUT', '/v1/program/referrals', REFERRAL_PROGRAM)).status).toBe(200);
  f.dropId = (await call(t, 'POST', '/v1/program/drops', DROP)).body.id;
  f.journeyId = (await call(t, 'POST', '/v1/journeys', JOURNEY)).body.id;
  // Unlimited use and per-member limit high enough for every allowed role's redeem call.
  const matrixCoupon = { codes: ['MATRIX-1'], maxRedemptions: null, perMemberLimit: 100, discount: { type: 'percent', percent: 10 } };
  expect((await call(t, 'POST', '/v1/coupons', matrixCoupon)).status).toBe(201);
  f.rewardId = (await call(t, 'POST', '/v1/rewards', { name: 'Matrix mug', kind: 'gift', pointsCost: 1 })).body.id;
  const codes = async () => {
    const all: string[] = [];
    for (let i = 0; i < 4; i++) all.push((await call(t, 'POST', `/v1/members/${memberId}/rewards`, { rewardId: f.rewardId })).body.code);
    return all;
  };
  f.rewardCodes = { use: await codes(), cancel: await codes() };
  const now = t.now();
  f.draws.open = (await call(t, 'POST', '/v1/draws', DRAW)).body.id;
  t.setNow(new Date('2026-01-15T00:00:00Z'));
  const past = { ...DRAW, closesAt: '2026-02-01T00:00:00Z' };
  f.draws.closed = (await call(t, 'POST', '/v1/draws', past)).body.id;
  f.draws.drawn = (await call(t, 'POST', '/v1/draws', past)).body.id;
  t.setNow(now);
  expect((await call(t, 'POST', `/v1/draws/${f.draws.drawn}/draw`)).status).toBe(200);
  f.webhooks.endpointId = (await call(t, 'POST', '/v1/webhooks/endpoints', { url: 'http://127.0.0.1:9/matrix' })).body.id;
  f.webhooks.deleteEndpointId = (await call(t, 'POST', '/v1/webhooks/endpoints', { url: 'http://127.0.0.1:9/matrix' })).body.id;
  await enqueueDeliveries(t.db, 10_000, t.now());
  [{ id: f.webhooks.deliveryId }] = (await call(t, 'GET', `/v1/webhooks/deliveries?endpointId=${f.webhooks.endpointId}&limit=1`)).body.data;
  f.segments = { kept: (await call(t, 'POST', '/v1/segments', SEGMENT)).body.id, deleted: (await call(t, 'POST', '/v1/segments', SEGMENT)).body.id };
  f.cadenceRules = { kept: (await call(t, 'POST', '/v1/engagement/cadence-rules', CADENCE_RULE)).body.id, deleted: (await call(t, 'POST', '/v1/engagement/cadence-rules', CADENCE_RULE)).body.id };
  f.walletToken = (await call(t, 'POST', `/v1/members/${memberId}/wallet-link`)).body.token;
});
afterAll(() => t?.drop());

async function send(route: string, authorization: string | undefined) {
  const { method, pattern } = split(route);
  const body = EXPECTED[route]!.body?.(f);
  return t.app.inject({
    method,
    url: fillParams(pattern, method, f),
    headers: authorization === undefined ? {} : { authorization },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

describe('route table', () => {
  it('lists exactly the /v1 routes the app serves', async () => {
    await t.app.ready();
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }));
    // The tree parser must see every documented operation, or the comparison below proves nothing.
    const documented = Object.entries((t.app.swagger() as { paths: Record<string, object> }).paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(0);
    for (const route of documented) expect(served, `documented route ${route} not found in the router tree`).toContain(route);
    expect(served).toContain('GET /health');
    expect(served).toContain('GET /openapi.json');

    const actual = served.filter((route) => split(route).pattern.startsWith('/v1')).sort();
    const expected = Object.keys(EXPECTED).sort();
    expect(actual.filter((route) => !expected.includes(route)), 'routes served but missing from EXPECTED').toEqual([]);
    expect(expected.filter((route) => !actual.includes(route)), 'routes in EXPECTED that the app does not serve').toEqual([]);
    expect(actual).toEqual(expected);
  });
});

describe.each(Object.keys(EXPECTED))('%s', (route) => {
  it.each(ROLES)('as %s', async (role) => {
    const response = await send(route, `Bearer ${t.keys[role]}`);
    const context = `${route} as ${role}: ${response.statusCode} ${response.body}`;
    if (EXPECTED[route]!.member) {
      expectProblem(response, 401, 'wallet_token_invalid');
    } else if (EXPECTED[route]!.roles.includes(role)) {
      expect([401, 403], context).not.toContain(response.statusCode);
      // The fixture is built so every allowed call succeeds; anything else means the request proved little.
      expect(response.statusCode, context).toBeGreaterThanOrEqual(200);
      expect(response.statusCode, context).toBeLessThan(300);
    } else {
      expectProblem(response, 403, 'role_forbidden');
    }
  });

  it('without a key (or wallet token): 401', async () => {
    expectProblem(await send(route, undefined), 401, EXPECTED[route]!.member ? 'wallet_token_required' : 'authentication_required');
  });

  // Declared only for wallet routes, so no test is reported as skipped for the others.
  if (EXPECTED[route]!.member) {
    it('with the member’s wallet token', async () => {
      const response = await send(route, `Bearer ${f.walletToken}`);
      expect(response.statusCode, response.body).toBe(split(route).method === 'POST' ? 201 : 200);
    });
  }
});

describe('authentication', () => {
  const route = 'GET /v1/members/:id';

  it.each([
    ['empty header', ''],
    ['scheme only', 'Bearer'],
    ['scheme and blank', 'Bearer   '],
    ['wrong scheme', 'Basic YWRtaW46YWRtaW4='],
    ['no scheme', 'fid_abcdefghijklmnopqrstuvwxyz'],
    ['two tokens', 'Bearer fid_a fid_b'],
  ])('malformed Authorization header (%s) → 401', async (_, header) => {
    expectProblem(await send(route, header), 401, 'authentication_required');
  });

  it('unknown key → 401', async () => {
    expectProblem(await send(route, 'Bearer fid_thisKeyWasNeverIssuedToAnyoneAtAll123'), 401, 'authentication_required');
  });

  it('the role keys work with any case of the scheme', async () => {
    const response = await send(route, `bearer ${t.keys.analyst}`);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('a key revoked through the API is refused at once, though it was just used (and cached)', async () => {
    const created = await call(t, 'POST', '/v1/api-keys', { name: 'revoke me', role: 'staff' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const before = await send(route, `Bearer ${created.body.key}`);
    expect(before.statusCode, before.body).toBe(200);

    const revoke = await call(t, 'DELETE', `/v1/api-keys/${created.body.id}`);
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(204);

    expectProblem(await send(route, `Bearer ${created.body.key}`), 401, 'authentication_required');
    expectProblem(await send('POST /v1/members', `Bearer ${created.body.key}`), 401, 'authentication_required');
    const listed = await call(t, 'GET', '/v1/api-keys');
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id)?.revokedAt).toEqual(expect.any(String));
    // Revoking twice is harmless; revoking an unknown key is 404.
    expect((await call(t, 'DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(204);
    const unknown = await t.app.inject({
      method: 'DELETE',
      url: '/v1/api-keys/key_01jd3x8k2q9v7c4m5n6p7r8s9t',
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    expectProblem(unknown, 404, 'api_key_not_found');
  });

  it('a key revoked elsewhere (CLI, another instance) is refused once the cache TTL has passed, not before', async () => {
    let now = 1_000_000;
    const resolve = createApiKeyResolver(t.db, 5_000, () => now);
    const { id, key } = await createApiKey(t.db, { name: 'other instance', role: 'staff' });
    expect(await resolve(key)).toEqual({ id, name: 'other instance', role: 'staff' });
    await revokeApiKey(t.db, id); // not through this resolver, so nothing evicts its cached answer
    now += 4_999;
    expect(await resolve(key)).toEqual({ id, name: 'other instance', role: 'staff' });
    now += 1;
    expect(await resolve(key)).toBeNull();
    // An unknown key is cached as unknown for the TTL too, then looked up again.
    expect(await resolve('fid_notIssuedYet')).toBeNull();
    now += 5_000;
    expect(await resolve(key)).toBeNull();
  });

  it('revoking one key leaves the others working', async () => {
    for (const role of ROLES) {
      const response = await send(route, `Bearer ${t.keys[role]}`);
      expect(response.statusCode, `${role}: ${response.body}`).toBe(200);
    }
  });

  it.each(['/health', '/openapi.json'])('%s needs no key', async (url) => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('an unknown /v1 path is 404 route_not_found, not an auth error', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404, 'route_not_found');
  });
});
