// Segments over a small, fully known member base: each filter kind, paging with a count, the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
