// Early access over HTTP: drops with per-tier earlier starts, and each member's answer by their tier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const LADDER = {
  basis: 'spend',
  window: { type: 'calendar_year' },
  tiers: [
    { id: 'member', name: 'Member', threshold: 0 },
    { id: 'gold', name: 'Gold', threshold: 50_000 },
    { id: 'platinum', name: 'Platinum', threshold: 150_000 },
  ],
};
const DROP = {
  name: 'Winter jacket drop',
  skus: ['JKT-W26'],
  publicStartsAt: '2026-12-03T09:00:00Z',
  earlyAccess: [{ tier: 'gold', startsAt: '2026-12-01T09:00:00+00:00' }],
};

describe('drops', () => {
  it('refuses early access by tier before there is a ladder, and tiers the ladder lacks', async () => {
    const noLadder = await call(t, 'POST', '/v1/program/drops', DROP);
    expect([noLadder.status, noLadder.body.code, noLadder.body.errors]).toEqual([422, 'drop_tier_unknown', [{ path: 'body.earlyAccess.0.tier', message: 'there is no tier ladder' }]]);
    expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
    const unknown = await call(t, 'POST', '/v1/program/drops', { ...DROP, earlyAccess: [{ tier: 'vip', startsAt: '2026-12-01T09:00:00Z' }] });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'drop_tier_unknown']);
  });

  it('refuses windows after the public start, duplicate tiers and an end before the start', async () => {
    const response = await call(t, 'POST', '/v1/program/drops', {
      ...DROP,
      endsAt: '2026-12-02T00:00:00Z',
      earlyAccess: [
        { tier: 'gold', startsAt: '2026-12-04T09:00:00Z' },
        { tier: 'gold', startsAt: '2026-12-01T09:00:00Z' },
      ],
    });
    expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.endsAt', 'body.earlyAccess.0.startsAt', 'body.earlyAccess.1.tier']);
    expect((await call(t, 'POST', '/v1/program/drops', { ...DROP, publicStartsAt: 'soon' })).status).toBe(400);
  });

  it('creates, lists, reads and replaces a drop', async () => {
    const created = await call(t, 'POST', '/v1/program/drops', DROP);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^drp_/),
      endsAt: null,
      publicStartsAt: '2026-12-03T09:00:00.000Z',
      earlyAccess: [{ tier: 'gold', startsAt: '2026-12-01T09:00:00.000Z' }],
    });
    expect((await call(t, 'GET', `/v1/program/drops/${created.body.id}`, undefined, { role: 'staff' })).body).toEqual(created.body);
    const replaced = await call(t, 'PUT', `/v1/program/drops/${created.body.id}`, { ...DROP, name: 'Winter jackets', endsAt: '2026-12-10T09:00:00Z' });
    expect(replaced.body).toMatchObject({ id: created.body.id, name: 'Winter jackets', endsAt: '2026-12-10T09:00:00.000Z', createdAt: created.body.createdAt });
    const list = await call(t, 'GET', '/v1/program/drops?limit=200');
    expect(list.body.data.map((d: { id: string }) => d.id)).toContain(created.body.id);
    expect((await call(t, 'GET', '/v1/program/drops/drp_01jd3x8k2q9v7c4m5n6p7r8s9t')).body.code).toBe('drop_not_found');
    expect((await call(t, 'PUT', '/v1/program/drops/drp_01jd3x8k2q9v7c4m5n6p7r8s9t', DROP)).body.code).toBe('drop_not_found');
  });
});

describe('GET /v1/members/:id/access/:drop', () => {
  let dropId: string;
  beforeAll(async () => {
    dropId = (await call(t, 'POST', '/v1/program/drops', DROP)).body.id;
  });

  it('lets Gold (and Platinum) members in two days early, everyone else at the public start', async () => {
    const gold = await createMemberVia(t);
    expect((await call(t, 'POST', '/v1/orders', orderBody(gold, [{ unitPrice: 60_000 }]))).status).toBe(201);
    const platinum = await createMemberVia(t);
    expect((await call(t, 'POST', '/v1/orders', orderBody(platinum, [{ unitPrice: 200_000 }]))).status).toBe(201);
    const member = await createMemberVia(t);

    t.setNow(new Date('2026-12-02T10:00:00Z'));
    try {
      const early = await call(t, 'GET', `/v1/members/${gold}/access/${dropId}`, undefined, { role: 'analyst' });
      expect(early.body).toEqual({
        memberId: gold,
        dropId,
        tier: 'gold',
        allowed: true,
        from: '2026-12-01T09:00:00.000Z',
        until: null,
        reason: 'Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone.',
      });
      expect((await call(t, 'GET', `/v1/members/${platinum}/access/${dropId}`)).body).toMatchObject({ tier: 'platinum', allowed: true, from: '2026-12-01T09:00:00.000Z' });
      expect((await call(t, 'GET', `/v1/members/${member}/access/${dropId}`)).body).toMatchObject({
        tier: 'member',
        allowed: false,
        from: '2026-12-03T09:00:00.000Z',
        reason: 'Everyone shops from 2026-12-03 09:00 UTC; Gold members from 2026-12-01 09:00 UTC.',
      });
    } finally {
      t.setNow(new Date('2026-06-01T12:00:00Z'));
    }
  });

  it('is 404 for an unknown drop or member, 400 for malformed ids', async () => {
    const member = await createMemberVia(t);
    expect((await call(t, 'GET', `/v1/members/${member}/access/drp_01jd3x8k2q9v7c4m5n6p7r8s9t`)).body.code).toBe('drop_not_found');
    expect((await call(t, 'GET', `/v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/access/${dropId}`)).body.code).toBe('member_not_found');
    expect((await call(t, 'GET', `/v1/members/${member}/access/winter`)).status).toBe(400);
  });
});
