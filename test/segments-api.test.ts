// Segments over a small, fully known member base: each filter kind, paging with a count, the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pAliveBandOf } from '../src/modules/analytics/p-alive.js';
import { refreshMemberScores } from '../src/modules/analytics/scores.js';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const m = {} as Record<'gold' | 'recent' | 'never' | 'passive', string>;
const NPS_SURVEY = { name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } };

async function order(memberId: string, occurredAt: string, unitPrice = 1000) {
  const response = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice }], occurredAt));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function answer(surveyId: string, memberId: string, value: number, submittedAt: string) {
  const response = await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value }], submittedAt });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp();
  const ladder = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 3 }] };
  expect((await call(t, 'PUT', '/v1/program/tiers', ladder)).status).toBe(200);
  m.gold = await createMemberVia(t, { name: 'Gold Gina', marketingConsent: true, tags: ['VIP'] });
  m.recent = await createMemberVia(t, { name: 'Recent Rui', marketingConsent: false });
  m.never = await createMemberVia(t, { name: 'Never Nora', marketingConsent: true });
  m.passive = await createMemberVia(t, { name: 'Passive Pia', marketingConsent: true, tags: ['staff'] });
  for (const at of ['2026-01-10T10:00:00Z', '2026-02-10T10:00:00Z', '2026-03-10T10:00:00Z']) await order(m.gold, at, 5000);
  await order(m.recent, '2026-05-25T10:00:00Z');
  await order(m.passive, '2026-04-20T10:00:00Z', 2000);
  const survey = await call(t, 'POST', '/v1/feedback/surveys', NPS_SURVEY);
  await answer(survey.body.id, m.never, 2, '2026-05-30T10:00:00Z');
  await answer(survey.body.id, m.passive, 10, '2026-05-01T10:00:00Z');
  await answer(survey.body.id, m.passive, 7, '2026-05-20T10:00:00Z');
});
afterAll(() => t?.drop());

async function membersOf(filter: object): Promise<string[]> {
  const created = await call(t, 'POST', '/v1/segments', { name: 'test', filter });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const page = await call(t, 'GET', `/v1/segments/${created.body.id}/members?limit=200`);
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  expect(page.body.count).toBe(page.body.data.length);
  return page.body.data.map((member: { id: string }) => member.id).sort();
}

const ids = (...names: (keyof typeof m)[]) => names.map((name) => m[name]).sort();

describe('each filter kind', () => {
  it.each<[string, object, (keyof typeof m)[]]>([
    ['no field: everyone', {}, ['gold', 'recent', 'never', 'passive']],
    ['tiers', { tiers: ['gold'] }, ['gold']],
    ['last order before, 60 days ago', { lastOrderBefore: { daysAgo: 60 } }, ['gold']],
    ['last order after, absolute', { lastOrderAfter: { at: '2026-04-15T00:00:00Z' } }, ['recent', 'passive']],
    ['orders at least 2', { ordersAtLeast: 2 }, ['gold']],
    ['orders at most 0 (never ordered)', { ordersAtMost: 0 }, ['never']],
    ['spend at least', { spendAtLeast: 2000 }, ['gold', 'passive']],
    ['NPS class of the latest answer', { npsClass: 'passive' }, ['passive']],
    ['an earlier answer does not count', { npsClass: 'promoter' }, []],
    ['detractor', { npsClass: 'detractor' }, ['never']],
    ['no marketing consent', { marketingConsent: false }, ['recent']],
    ['tags, any case', { tags: ['vip', 'Staff'] }, ['gold', 'passive']],
    ['fields AND together', { marketingConsent: true, ordersAtLeast: 1 }, ['gold', 'passive']],
    ['another currency has no purchases', { currency: 'USD', ordersAtLeast: 1 }, []],
  ])('%s', async (_name, filter, expected) => {
    expect(await membersOf(filter)).toEqual(ids(...expected));
  });

  it('RFM segments: every buyer in exactly one, agreeing with the RFM report', async () => {
    const report = await call(t, 'GET', '/v1/analytics/rfm');
    const found: string[] = [];
    for (const { segment, members } of report.body.segments as { segment: string; members: number }[]) {
      const inSegment = await membersOf({ rfmSegments: [segment] });
      expect(inSegment, segment).toHaveLength(members);
      found.push(...inSegment);
    }
    expect(found.sort()).toEqual(ids('gold', 'recent', 'passive'));
  });
});

describe('scores: P(alive) and true-loyalty bands', () => {
  const setPAlive = (memberId: string, pAlive: number | null) => t.db.query('update member_scores set p_alive = $2 where member_id = $1', [memberId, pAlive]);

  it('bands agree with the one definition at every cut-off; members without a usable P(alive) are unscored', async () => {
    await refreshMemberScores(t.db, t.config, t.now());
    // Recent Rui and Passive Pia are one-time buyers: a stored 1 (BG/NBD's assumption) must not make them likely_active.
    for (const name of ['recent', 'passive'] as const) await setPAlive(m[name], 1);
    const bands = ['likely_lost', 'at_risk', 'uncertain', 'likely_active'];
    for (const pAlive of [0, 0.0999, 0.1, 0.2999, 0.3, 0.6999, 0.7, 1]) {
      await setPAlive(m.gold, pAlive);
      for (const band of bands) expect(await membersOf({ pAliveBands: [band] }), `${pAlive} in ${band}`).toEqual(band === pAliveBandOf(pAlive) ? ids('gold') : []);
      expect(await membersOf({ pAliveAtMost: 0.3 }), `${pAlive} ≤ 0.3`).toEqual(pAlive <= 0.3 ? ids('gold') : []);
      expect(await membersOf({ pAliveAtLeast: 0.3 }), `${pAlive} ≥ 0.3`).toEqual(pAlive >= 0.3 ? ids('gold') : []);
    }
    expect(await membersOf({ pAliveBands: ['unscored'] })).toEqual(ids('recent', 'never', 'passive'));
    expect(await membersOf({ pAliveBands: ['unscored', 'likely_active'], marketingConsent: true })).toEqual(ids('gold', 'never', 'passive'));
    await setPAlive(m.gold, null); // no model fitted
    expect(await membersOf({ pAliveBands: ['unscored'] })).toEqual(ids('gold', 'recent', 'never', 'passive'));
    expect(await membersOf({ pAliveAtLeast: 0 })).toEqual([]);
  });

  it('loyalty bands are the ones the member-scores job stored and the scores API shows', async () => {
    const bandOf = new Map<string, string[]>();
    for (const name of ['gold', 'recent', 'passive'] as const) {
      const band = (await call(t, 'GET', `/v1/members/${m[name]}/scores`)).body.trueLoyalty.band as string;
      bandOf.set(band, [...(bandOf.get(band) ?? []), m[name]]);
    }
    for (const band of ['detached', 'transactional', 'loyal', 'advocate']) expect(await membersOf({ loyaltyBands: [band] }), band).toEqual((bandOf.get(band) ?? []).sort());
    expect(await membersOf({ loyaltyBands: ['detached', 'transactional', 'loyal', 'advocate'] })).toEqual(ids('gold', 'recent', 'passive'));
  });

  it('a P(alive) segment drives a call list and exports as CSV', async () => {
    await setPAlive(m.gold, 0.05);
    const segment = await call(t, 'POST', '/v1/segments', { name: 'Likely lost, consented', filter: { pAliveBands: ['likely_lost'], marketingConsent: true } });
    const rule = await call(t, 'POST', '/v1/engagement/cadence-rules', { name: 'Win back the likely lost', source: { type: 'segment', segmentId: segment.body.id }, priority: 1 });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const list = await call(t, 'GET', '/v1/engagement/call-list', undefined, { role: 'staff' });
    expect(list.body.data.map((entry: { memberId: string }) => entry.memberId)).toEqual([m.gold]);
    const csv = await t.app.inject({ method: 'GET', url: `/v1/segments/${segment.body.id}/members.csv`, headers: { authorization: `Bearer ${t.keys.integration}` } });
    expect(csv.body.trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual([m.gold]);
    expect((await call(t, 'DELETE', `/v1/segments/${segment.body.id}`)).body.code).toBe('segment_in_use');
    expect((await call(t, 'DELETE', `/v1/engagement/cadence-rules/${rule.body.id}`)).status).toBe(204);
  });
});

describe('segment CRUD and paging', () => {
  it('creates, reads, replaces, lists and deletes', async () => {
    const created = await call(t, 'POST', '/v1/segments', { name: 'Gold', filter: { tiers: ['gold'] } }, { headers: { 'idempotency-key': 'segment-gold-1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^seg_/), name: 'Gold', filter: { tiers: ['gold'] } });
    const replay = await call(t, 'POST', '/v1/segments', { name: 'Gold', filter: { tiers: ['gold'] } }, { headers: { 'idempotency-key': 'segment-gold-1' } });
    expect(replay.body.id).toBe(created.body.id);
    expect((await call(t, 'GET', `/v1/segments/${created.body.id}`)).body).toEqual(created.body);
    const replaced = await call(t, 'PUT', `/v1/segments/${created.body.id}`, { name: 'Consented', filter: { marketingConsent: true } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Consented', filter: { marketingConsent: true } });
    const listed = await call(t, 'GET', '/v1/segments', undefined, { role: 'staff' });
    expect(listed.body.data.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect((await call(t, 'DELETE', `/v1/segments/${created.body.id}`)).status).toBe(204);
    const gone = await call(t, 'GET', `/v1/segments/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('segment_not_found');
    expect((await call(t, 'DELETE', `/v1/segments/${created.body.id}`)).body.code).toBe('segment_not_found');
  });

  it('pages by cursor with the total count on every page', async () => {
    const created = await call(t, 'POST', '/v1/segments', { name: 'All', filter: {} });
    const first = await call(t, 'GET', `/v1/segments/${created.body.id}/members?limit=3`);
    expect(first.body).toMatchObject({ count: 4, hasMore: true });
    expect(first.body.data).toHaveLength(3);
    const second = await call(t, 'GET', `/v1/segments/${created.body.id}/members?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ count: 4, hasMore: false, nextCursor: null });
    expect([...first.body.data, ...second.body.data].map((x: { id: string }) => x.id)).toEqual(ids('gold', 'recent', 'never', 'passive').sort());
  });

  it('exports members as CSV, in id order, with a header', async () => {
    const created = await call(t, 'POST', '/v1/segments', { name: 'Consented', filter: { marketingConsent: true } });
    const response = await t.app.inject({ method: 'GET', url: `/v1/segments/${created.body.id}/members.csv`, headers: { authorization: `Bearer ${t.keys.integration}` } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body.trim().split('\n');
    expect(lines[0]).toBe('member_id,name,email,phone,marketing_consent');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(ids('gold', 'never', 'passive'));
    expect(lines[1]).toMatch(/,Gold Gina,m[0-9a-f]+@example\.com,,true$/);
    const missing = await t.app.inject({ method: 'GET', url: '/v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t/members.csv', headers: { authorization: `Bearer ${t.keys.admin}` } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('segment_not_found');
  });
});

describe('bad input', () => {
  it.each<[string, object, string]>([
    ['unknown filter field', { name: 'x', filter: { tier: ['gold'] } }, 'body.filter'],
    ['unknown RFM segment', { name: 'x', filter: { rfmSegments: ['vips'] } }, 'body.filter.rfmSegments.0'],
    ['both forms of a moment', { name: 'x', filter: { lastOrderBefore: { daysAgo: 3, at: '2026-01-01T00:00:00Z' } } }, 'body.filter.lastOrderBefore'],
    ['negative spend', { name: 'x', filter: { spendAtLeast: -5 } }, 'body.filter.spendAtLeast'],
    ['no name', { filter: {} }, 'body.name'],
    ['unknown P(alive) band', { name: 'x', filter: { pAliveBands: ['gone'] } }, 'body.filter.pAliveBands.0'],
    ['P(alive) over 1', { name: 'x', filter: { pAliveAtLeast: 1.5 } }, 'body.filter.pAliveAtLeast'],
  ])('%s → 400 with the path', async (_name, body, path) => {
    const response = await call(t, 'POST', '/v1/segments', body);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a malformed segment id is 400, an unknown one 404', async () => {
    expect((await call(t, 'GET', '/v1/segments/nope/members')).status).toBe(400);
    expect((await call(t, 'GET', '/v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t/members')).body.code).toBe('segment_not_found');
  });
});
