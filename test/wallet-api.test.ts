import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

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
    expect(wallet.tier).toMatchObject({ name: 'Member', basis: 'spend', next: { name: 'Gold', remaining: 48_000 } });
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
