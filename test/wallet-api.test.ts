import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
let memberId: string;
const LADDER = { basis: 'spend', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 50_000 }] };

beforeAll(async () => {
  t = await createTestApp();
  memberId = await createMemberVia(t, { name: 'Wallet Ada', locale: 'he' });
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  expect((await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 2000 }]))).status).toBe(201);
  expect((await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 50, reason: 'welcome gift' })).status).toBe(201);
});
afterAll(() => t?.drop());

async function link(ttlMinutes?: number) {
  const response = await call(t, 'POST', `/v1/members/${memberId}/wallet-link`, ttlMinutes === undefined ? undefined : { ttlMinutes }, { role: 'staff' });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { token: string; url: string; expiresAt: string };
}

function me(authorization?: string) {
  return t.app.inject({ method: 'GET', url: '/v1/wallet/me', headers: authorization ? { authorization } : {} });
}

describe('wallet link', () => {
  it('is a magic link with the token in the fragment, lasting a day unless told otherwise', async () => {
    const day = await link();
    expect(day.url).toBe(`http://localhost:3000/wallet#token=${day.token}`);
    expect(Date.parse(day.expiresAt) - t.now().getTime()).toBe(86_400_000);
    const hour = await link(60);
    expect(Date.parse(hour.expiresAt) - t.now().getTime()).toBe(3_600_000);
  });

  it('refuses a lifetime outside 5 minutes to 7 days, and an unknown member', async () => {
    for (const ttlMinutes of [4, 10_081, 1.5]) {
      const response = await call(t, 'POST', `/v1/members/${memberId}/wallet-link`, { ttlMinutes });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
    }
    const unknown = await call(t, 'POST', '/v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/wallet-link', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('member_not_found');
  });
});

describe('GET /v1/wallet/me', () => {
  it('shows the card, balance, expiring points, tier progress and history in plain words', async () => {
    const response = await me(`Bearer ${(await link()).token}`);
    expect(response.statusCode, response.body).toBe(200);
    const wallet = response.json();
    expect(wallet.member).toEqual({ id: memberId, name: 'Wallet Ada', locale: 'he' });
    expect(wallet.qr).toBe(`fidelis:${memberId}`);
    expect(wallet.balance.available + wallet.balance.pending).toBeGreaterThanOrEqual(50);
    expect(wallet.tier).toMatchObject({ name: 'Member', basis: 'spend', measure: 2000, next: { name: 'Gold', threshold: 50_000, remaining: 48_000 } });
    expect(wallet.tier.explanation).toMatch(/Gold/);
    expect(wallet.history.map((e: { kind: string }) => e.kind)).toEqual(['adjust', 'earn']);
    for (const entry of wallet.history) expect(entry.explanation).toEqual(expect.any(String));
  });

  it('is the member’s own: no token, an API key, a forged or an expired token is 401', async () => {
    const expectRefused = async (authorization: string | undefined, code: string) => {
      const response = await me(authorization);
      expect(response.statusCode, response.body).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code).toBe(code);
    };
    await expectRefused(undefined, 'wallet_token_required');
    await expectRefused(`Bearer ${t.keys.admin}`, 'wallet_token_invalid');
    const { token } = await link(5);
    await expectRefused(`Bearer ${token.slice(0, -2)}xx`, 'wallet_token_invalid');
    const now = t.now();
    t.setNow(new Date(now.getTime() + 5 * 60_000));
    try {
      await expectRefused(`Bearer ${token}`, 'wallet_token_expired');
    } finally {
      t.setNow(now);
    }
  });

  it('stops working once the member is erased', async () => {
    const other = await createMemberVia(t);
    const { body } = await call(t, 'POST', `/v1/members/${other}/wallet-link`, {});
    expect((await call(t, 'POST', `/v1/members/${other}/erase`)).status).toBe(200);
    const response = await me(`Bearer ${body.token}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('wallet_token_invalid');
  });
});

describe('the member’s own offers: /v1/wallet/…', () => {
  const as = (token: string, method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers } }).then((r) => ({ status: r.statusCode, body: r.json(), headers: r.headers }));

  it('lists rewards the member may take, redeems one once per Idempotency-Key, and shows the code', async () => {
    const { token } = await link();
    const coffee = (await call(t, 'POST', '/v1/rewards', { name: 'Wallet coffee', kind: 'product', pointsCost: 30, perMemberLimit: 1 })).body.id;
    const bike = (await call(t, 'POST', '/v1/rewards', { name: 'Wallet bike', kind: 'gift', pointsCost: 1_000_000 })).body.id;
    const lounge = (await call(t, 'POST', '/v1/rewards', { name: 'Gold lounge', kind: 'gift', pointsCost: 1, tiers: ['gold'] })).body.id;
    const before = await as(token, 'GET', '/v1/wallet/rewards');
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const offers = new Map(before.body.offers.map((o: { id: string; pointsShort: number }) => [o.id, o.pointsShort]));
    expect(offers.get(coffee)).toBe(0);
    expect(offers.get(bike)).toBeGreaterThan(999_000);
    expect(offers.has(lounge)).toBe(false);
    expect(before.body.codes).toEqual([]);

    const key = { 'idempotency-key': 'wallet-redeem-1' };
    const first = await as(token, 'POST', `/v1/wallet/rewards/${coffee}/redeem`, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ rewardId: coffee, rewardName: 'Wallet coffee', pointsCost: 30, code: expect.stringMatching(/^[A-Z0-9]{10}$/) });
    const replay = await as(token, 'POST', `/v1/wallet/rewards/${coffee}/redeem`, key);
    expect(replay.status).toBe(201);
    expect(replay.body.code).toBe(first.body.code);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const after = await as(token, 'GET', '/v1/wallet/rewards');
    expect(after.body.codes.map((c: { code: string }) => c.code)).toEqual([first.body.code]);
    // Taken up to its per-member limit, the coffee is no longer offered; the points were spent once.
    expect(after.body.offers.some((o: { id: string }) => o.id === coffee)).toBe(false);
    const staffView = await call(t, 'GET', `/v1/members/${memberId}/rewards`);
    expect(staffView.body.data).toHaveLength(1);
    expect(staffView.body.data[0]).toMatchObject({ code: first.body.code, entryId: expect.stringMatching(/^txn_/) });

    const tooDear = await as(token, 'POST', `/v1/wallet/rewards/${bike}/redeem`, { 'idempotency-key': 'wallet-redeem-2' });
    expect(tooDear.status).toBe(422);
    expect(tooDear.body.code).toBe('points_insufficient');
    const restricted = await as(token, 'POST', `/v1/wallet/rewards/${lounge}/redeem`);
    expect(restricted.body.code).toBe('reward_tier_restricted');
    await expectLedgerClean(t);
  });

  it('gives the member their referral link, drops, open surveys and draw entries', async () => {
    const { token } = await link();
    const referral = await as(token, 'GET', '/v1/wallet/referral');
    expect(referral.status, JSON.stringify(referral.body)).toBe(200);
    expect(referral.body).toMatchObject({ code: expect.any(String), rewards: null });
    expect(referral.body.link).toBe(`http://localhost:3000/join?ref=${referral.body.code}`);
    const program = { enabled: true, referrerReward: { points: 500 }, refereeReward: { points: 300 }, qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 } };
    expect((await call(t, 'PUT', '/v1/program/referrals', program)).status).toBe(200);
    const again = await as(token, 'GET', '/v1/wallet/referral');
    expect(again.body).toEqual({ ...referral.body, rewards: { referrerPoints: 500, refereePoints: 300 } });

    const ended = { name: 'Past drop', publicStartsAt: '2026-05-01T09:00:00Z', endsAt: '2026-05-02T09:00:00Z' };
    const early = { name: 'Member early drop', publicStartsAt: '2026-06-10T09:00:00Z', earlyAccess: [{ tier: 'member', startsAt: '2026-06-08T09:00:00Z' }] };
    const gold = { name: 'Gold drop', publicStartsAt: '2026-06-20T09:00:00Z', earlyAccess: [{ tier: 'gold', startsAt: '2026-06-18T09:00:00Z' }] };
    for (const drop of [ended, early, gold]) expect((await call(t, 'POST', '/v1/program/drops', drop)).status).toBe(201);
    const drops = await as(token, 'GET', '/v1/wallet/drops');
    expect(drops.status, JSON.stringify(drops.body)).toBe(200);
    expect(drops.body.data.map((d: { name: string; early: boolean; allowed: boolean; from: string }) => [d.name, d.early, d.allowed, d.from])).toEqual([
      ['Member early drop', true, false, '2026-06-08T09:00:00.000Z'],
      ['Gold drop', false, false, '2026-06-20T09:00:00.000Z'],
    ]);

    const consenting = await createMemberVia(t, { marketingConsent: true, name: 'Survey Sam' });
    const survey = await call(t, 'POST', '/v1/feedback/surveys', { name: 'How was your visit?', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } });
    const invitation = await call(t, 'POST', '/v1/feedback/invitations', { surveyId: survey.body.id, memberId: consenting, channel: 'wallet' });
    expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
    const samToken = (await call(t, 'POST', `/v1/members/${consenting}/wallet-link`, {})).body.token;
    const surveys = await as(samToken, 'GET', '/v1/wallet/surveys');
    expect(surveys.body.data).toEqual([{ invitationId: invitation.body.id, surveyName: 'How was your visit?', expiresAt: invitation.body.expiresAt, url: invitation.body.url }]);
    // Another member's wallet never shows it; once answered it leaves the list.
    expect((await as(token, 'GET', '/v1/wallet/surveys')).body.data).toEqual([]);
    const token2 = invitation.body.token as string;
    expect((await t.app.inject({ method: 'POST', url: `/s/${token2}`, payload: { answers: [{ questionId: 'nps', value: 9 }] } })).statusCode).toBe(201);
    expect((await as(samToken, 'GET', '/v1/wallet/surveys')).body.data).toEqual([]);

    const draw = await call(t, 'POST', '/v1/draws', { name: 'Summer draw', opensAt: '2026-05-01T00:00:00Z', closesAt: '2026-07-01T00:00:00Z', consolation: { name: 'Thank-you points', award: { type: 'points', points: 5 } } });
    expect(draw.status, JSON.stringify(draw.body)).toBe(201);
    for (const reference of ['a', 'b']) expect((await call(t, 'POST', `/v1/draws/${draw.body.id}/entries`, { memberId, entries: 2, reference })).status).toBe(201);
    expect((await call(t, 'POST', `/v1/draws/${draw.body.id}/entries`, { memberId: consenting, entries: 1 })).status).toBe(201);
    const draws = await as(token, 'GET', '/v1/wallet/draws');
    expect(draws.body.data).toEqual([{ drawId: draw.body.id, name: 'Summer draw', description: null, status: 'open', closesAt: '2026-07-01T00:00:00.000Z', entries: 4, prize: null, rewardCode: null }]);
    const now = t.now();
    t.setNow(new Date('2026-07-02T00:00:00Z'));
    try {
      expect((await call(t, 'POST', `/v1/draws/${draw.body.id}/draw`)).status).toBe(200);
      // The morning-of link has expired by now: a fresh one.
      const drawn = await as((await link()).token, 'GET', '/v1/wallet/draws');
      expect(drawn.body.data[0]).toMatchObject({ status: 'drawn', entries: 4, prize: 'Thank-you points' });
    } finally {
      t.setNow(now);
    }
  });

  it('answers only to the member’s token: API keys and other members’ idempotency keys do not cross', async () => {
    for (const url of ['/v1/wallet/rewards', '/v1/wallet/referral', '/v1/wallet/drops', '/v1/wallet/surveys', '/v1/wallet/draws']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.keys.admin}` } });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code).toBe('wallet_token_invalid');
    }
    const reward = (await call(t, 'POST', '/v1/rewards', { name: 'Shared-key sticker', kind: 'gift', pointsCost: 1 })).body.id;
    const other = await createMemberVia(t);
    expect((await call(t, 'POST', `/v1/members/${other}/adjustments`, { points: 5, reason: 'test' })).status).toBe(201);
    const otherToken = (await call(t, 'POST', `/v1/members/${other}/wallet-link`, {})).body.token;
    const key = { 'idempotency-key': 'same-key-two-members' };
    const mine = await as((await link()).token, 'POST', `/v1/wallet/rewards/${reward}/redeem`, key);
    const theirs = await as(otherToken, 'POST', `/v1/wallet/rewards/${reward}/redeem`, key);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.code).not.toBe(mine.body.code);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    const codes = await as(otherToken, 'GET', '/v1/wallet/rewards');
    expect(codes.body.codes.map((c: { code: string }) => c.code)).toEqual([theirs.body.code]);
  });
});
