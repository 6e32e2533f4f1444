// Contact log, cadence rules and the call list, and the checkout lookup, over a known member base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const NOW = new Date('2026-06-01T12:00:00Z');
const NPS_SURVEY = { name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }], trigger: { type: 'manual' } };
const LADDER = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 3 }] };
let surveyId: string;
let goldSegment: string;

async function order(memberId: string, occurredAt: string, unitPrice = 5000) {
  const response = await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice }], occurredAt));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function detractor(memberId: string, submittedAt: string, value = 3) {
  const response = await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value }], submittedAt });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function contactAt(memberId: string, at: string, body: object = { channel: 'call', outcome: 'reached' }) {
  t.setNow(new Date(at));
  const response = await call(t, 'POST', `/v1/members/${memberId}/contacts`, body, { role: 'staff' });
  t.setNow(NOW);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function rule(body: object) {
  const response = await call(t, 'POST', '/v1/engagement/cadence-rules', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

beforeAll(async () => {
  t = await createTestApp({}, { contactQuietDays: 7, feedbackQuietDays: 30 });
  t.setNow(NOW);
  expect((await call(t, 'PUT', '/v1/program/tiers', LADDER)).status).toBe(200);
  surveyId = (await call(t, 'POST', '/v1/feedback/surveys', NPS_SURVEY)).body.id;
  goldSegment = (await call(t, 'POST', '/v1/segments', { name: 'Gold', filter: { tiers: ['gold'] } })).body.id;
});
afterAll(() => t?.drop());

describe('contact log', () => {
  it('logs a contact, lists newest first, announces it in the outbox', async () => {
    const id = await createMemberVia(t);
    const first = await contactAt(id, '2026-05-01T09:00:00Z', { channel: 'email', outcome: 'no_answer' });
    const second = await contactAt(id, '2026-05-02T09:00:00Z', {
      channel: 'call',
      outcome: 'reached',
      note: 'Happy again',
      nextStep: 'Send the catalogue',
      nextStepAt: '2026-05-09T09:00:00Z',
      staffId: 'stf_dana',
    });
    expect(second).toEqual({
      id: expect.stringMatching(/^con_/),
      memberId: id,
      channel: 'call',
      outcome: 'reached',
      note: 'Happy again',
      nextStep: 'Send the catalogue',
      nextStepAt: '2026-05-09T09:00:00.000Z',
      staffId: 'stf_dana',
      contactedAt: '2026-05-02T09:00:00.000Z',
    });
    const listed = await call(t, 'GET', `/v1/members/${id}/contacts?limit=1`, undefined, { role: 'analyst' });
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([second.id]);
    const next = await call(t, 'GET', `/v1/members/${id}/contacts?limit=1&cursor=${listed.body.nextCursor}`);
    expect(next.body).toMatchObject({ data: [{ id: first.id }], hasMore: false });
    const events = await t.db.query<{ payload: { contactId: string } }>(`select payload from outbox where type = 'member.contacted' and member_id = $1`, [id]);
    expect(events.map((e) => e.payload.contactId).sort()).toEqual([first.id, second.id].sort());
    const exported = await call(t, 'GET', `/v1/members/${id}/export`);
    expect(exported.body.contacts).toEqual([second, first]);
  });

  it('honours Idempotency-Key', async () => {
    const id = await createMemberVia(t);
    const send = () => call(t, 'POST', `/v1/members/${id}/contacts`, { channel: 'visit', outcome: 'reached' }, { headers: { 'idempotency-key': `contact-${id}` } });
    const [a, b] = [await send(), await send()];
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await call(t, 'GET', `/v1/members/${id}/contacts`)).body.data).toHaveLength(1);
  });

  it.each<[string, object, number, string]>([
    ['unknown channel', { channel: 'fax', outcome: 'reached' }, 400, 'validation_failed'],
    ['unknown field', { channel: 'call', outcome: 'reached', mood: 'good' }, 400, 'validation_failed'],
    ['next step time without a next step', { channel: 'call', outcome: 'reached', nextStepAt: '2026-06-02T09:00:00Z' }, 400, 'validation_failed'],
  ])('%s → %i', async (_name, body, status, code) => {
    const id = await createMemberVia(t);
    const response = await call(t, 'POST', `/v1/members/${id}/contacts`, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('unknown member → 404 member_not_found', async () => {
    const missing = 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t';
    expect((await call(t, 'POST', `/v1/members/${missing}/contacts`, { channel: 'call', outcome: 'reached' })).body.code).toBe('member_not_found');
    expect((await call(t, 'GET', `/v1/members/${missing}/contacts`)).body.code).toBe('member_not_found');
  });

  it('erasure removes what was written about the member, keeps the contact', async () => {
    const id = await createMemberVia(t);
    await contactAt(id, '2026-05-02T09:00:00Z', { channel: 'call', outcome: 'reached', note: 'Her son is ill', nextStep: 'Ask about him' });
    expect((await call(t, 'POST', `/v1/members/${id}/erase`)).status).toBe(200);
    const [row] = await t.db.query('select note, next_step, channel from member_contacts where member_id = $1', [id]);
    expect(row).toEqual({ note: null, next_step: null, channel: 'call' });
  });
});

describe('cadence rules', () => {
  it('create, get, replace, list by priority, delete', async () => {
    const id = await rule({ name: 'Gold quiet 60 days', source: { type: 'segment', segmentId: goldSegment }, notContactedDays: 60, priority: 5, assignee: 'stf_lee' });
    const fetched = await call(t, 'GET', `/v1/engagement/cadence-rules/${id}`, undefined, { role: 'staff' });
    expect(fetched.body).toMatchObject({ name: 'Gold quiet 60 days', notContactedDays: 60, priority: 5, assignee: 'stf_lee' });
    const replaced = await call(t, 'PUT', `/v1/engagement/cadence-rules/${id}`, { name: 'Detractors', source: { type: 'detractor', withinDays: 2 }, priority: 4 });
    expect(replaced.body).toMatchObject({ name: 'Detractors', notContactedDays: 0, assignee: null, source: { type: 'detractor', withinDays: 2 } });
    expect((await call(t, 'DELETE', `/v1/engagement/cadence-rules/${id}`)).status).toBe(204);
    expect((await call(t, 'GET', `/v1/engagement/cadence-rules/${id}`)).body.code).toBe('cadence_rule_not_found');
  });

  it('a rule naming an unknown segment is 422; a segment in use cannot be deleted', async () => {
    const unknown = await call(t, 'POST', '/v1/engagement/cadence-rules', { name: 'x', source: { type: 'segment', segmentId: 'seg_01jd3x8k2q9v7c4m5n6p7r8s9t' }, priority: 1 });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'segment_not_found', errors: [{ path: 'body.source.segmentId' }] });
    const segment = (await call(t, 'POST', '/v1/segments', { name: 'in use', filter: {} })).body.id;
    const id = await rule({ name: 'uses it', source: { type: 'segment', segmentId: segment }, priority: 9 });
    expect((await call(t, 'DELETE', `/v1/segments/${segment}`)).body.code).toBe('segment_in_use');
    await call(t, 'DELETE', `/v1/engagement/cadence-rules/${id}`);
    expect((await call(t, 'DELETE', `/v1/segments/${segment}`)).status).toBe(204);
  });

  it('refuses an unknown source type with the path', async () => {
    const response = await call(t, 'POST', '/v1/engagement/cadence-rules', { name: 'x', source: { type: 'vibes' }, priority: 1 });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toMatch(/^body\.source/);
  });
});

describe('call list', () => {
  const m = {} as Record<'gold' | 'goldNoConsent' | 'goldQuiet' | 'goldDetractor' | 'detractorNoConsent' | 'calledBack' | 'lapsed', string>;
  let rules: Record<'detractors' | 'gold' | 'atRisk', string>;

  beforeAll(async () => {
    for (const rule of (await call(t, 'GET', '/v1/engagement/cadence-rules')).body.data) await call(t, 'DELETE', `/v1/engagement/cadence-rules/${rule.id}`);
    m.gold = await createMemberVia(t, { name: 'Gina Gold', marketingConsent: true, phone: '+4915100000001' });
    m.goldNoConsent = await createMemberVia(t, { name: 'Nico', marketingConsent: false });
    m.goldQuiet = await createMemberVia(t, { name: 'Quinn', marketingConsent: true });
    m.goldDetractor = await createMemberVia(t, { name: 'Dora', marketingConsent: true });
    m.detractorNoConsent = await createMemberVia(t, { name: 'Dan', marketingConsent: false });
    m.calledBack = await createMemberVia(t, { name: 'Cal', marketingConsent: true });
    m.lapsed = await createMemberVia(t, { name: 'Lars', marketingConsent: true });
    for (const id of [m.gold, m.goldNoConsent, m.goldQuiet, m.goldDetractor]) {
      for (const at of ['2026-01-05T10:00:00Z', '2026-02-05T10:00:00Z', '2026-03-05T10:00:00Z']) await order(id, at);
    }
    // Lars bought twice a week apart, then stopped: overdue by far against his own rhythm (and not Gold).
    for (const at of ['2025-12-01T10:00:00Z', '2025-12-08T10:00:00Z']) await order(m.lapsed, at, 20_000);
    await contactAt(m.gold, '2026-03-19T12:00:00Z');
    await contactAt(m.goldQuiet, '2026-05-28T12:00:00Z');
    await detractor(m.goldDetractor, '2026-05-31T09:00:00Z', 2);
    await detractor(m.detractorNoConsent, '2026-05-30T15:00:00Z', 4);
    await detractor(m.calledBack, '2026-05-31T06:00:00Z');
    await contactAt(m.calledBack, '2026-05-31T09:00:00Z');
    rules = {
      gold: await rule({ name: 'Gold quiet 60 days', source: { type: 'segment', segmentId: goldSegment }, notContactedDays: 60, priority: 2, assignee: 'stf_lee' }),
      detractors: await rule({ name: 'Detractors within 2 days', source: { type: 'detractor', withinDays: 2 }, priority: 1 }),
      atRisk: await rule({ name: 'At-risk high value', source: { type: 'at_risk', minOverdue: 2, minAnnualValue: 100_000 }, priority: 3, assignee: 'stf_kim' }),
    };
  });

  it('merges the rules into one ranked list, one entry per member, with reasons', async () => {
    const list = await call(t, 'GET', '/v1/engagement/call-list', undefined, { role: 'staff' });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.data.map((e: { memberId: string; ruleId: string; reason: string }) => [e.memberId, e.ruleId, e.reason])).toEqual([
      // Detractors first, oldest answer first; a consent-less detractor is still called back (service call).
      [m.detractorNoConsent, rules.detractors, 'Detractor (NPS 4), answered 1 day ago; not called back yet'],
      // Dora is Gold too, but listed once: under the higher-priority rule.
      [m.goldDetractor, rules.detractors, 'Detractor (NPS 2), answered 1 day ago; not called back yet'],
      [m.gold, rules.gold, 'Gold, not contacted for 74 days'],
      [m.lapsed, rules.atRisk, expect.stringMatching(/^At risk: \d+\.\d× overdue, €[\d,]+\.\d\d a year at stake$/)],
    ]);
    expect(list.body.data[2]).toMatchObject({ name: 'Gina Gold', phone: '+4915100000001', ruleName: 'Gold quiet 60 days', priority: 2, assignee: 'stf_lee', lastContactAt: '2026-03-19T12:00:00.000Z' });
  });

  it('limit keeps the highest-ranked; staffId keeps their rules and the pool’s', async () => {
    const top = await call(t, 'GET', '/v1/engagement/call-list?limit=2');
    expect(top.body.data.map((e: { memberId: string }) => e.memberId)).toEqual([m.detractorNoConsent, m.goldDetractor]);
    const lee = await call(t, 'GET', '/v1/engagement/call-list?staffId=stf_lee');
    expect(new Set(lee.body.data.map((e: { ruleId: string }) => e.ruleId))).toEqual(new Set([rules.detractors, rules.gold]));
  });

  it('a contact takes the member off the list for the quiet period, then the rule decides again', async () => {
    await contactAt(m.gold, '2026-06-01T08:00:00Z');
    const after = await call(t, 'GET', '/v1/engagement/call-list');
    expect(after.body.data.map((e: { memberId: string }) => e.memberId)).not.toContain(m.gold);
    // Past the contact quiet period (7 days) but not the rule's 60 days: still off.
    t.setNow(new Date('2026-06-10T12:00:00Z'));
    const later = await call(t, 'GET', '/v1/engagement/call-list');
    t.setNow(NOW);
    expect(later.body.data.map((e: { memberId: string }) => e.memberId)).not.toContain(m.gold);
    // The detractor answers are 10+ days old by then: out of the 2-day window.
    expect(later.body.data.map((e: { ruleId: string }) => e.ruleId)).not.toContain(rules.detractors);
  });
});

describe('checkout lookup', () => {
  let ada: string;
  let rewardId: string;

  beforeAll(async () => {
    ada = await createMemberVia(t, { name: 'Ada Lovelace', email: 'Ada@Example.com', phone: '+4915112345678', birthday: '1990-06-03', locale: 'en', marketingConsent: true, preferences: { milk: 'oat', size: 'large' } });
    await call(t, 'POST', `/v1/members/${ada}/adjustments`, { points: 500, reason: 'welcome' });
    rewardId = (await call(t, 'POST', '/v1/rewards', { name: 'Flat white', kind: 'product', pointsCost: 300 })).body.id;
    await call(t, 'POST', '/v1/rewards', { name: 'Tote bag', kind: 'gift', pointsCost: 800 });
    for (let i = 1; i <= 6; i++) await call(t, 'POST', `/v1/members/${ada}/notes`, { body: `note ${i}` });
  });

  it.each([
    ['member id', () => ada],
    ['QR payload', () => `fidelis:${ada}`],
    ['email, any case', () => 'ADA@example.com'],
    ['phone, any formatting', () => '+49 151 1234-5678'],
  ])('finds the member by %s and answers in one response', async (_name, q) => {
    const response = await call(t, 'GET', `/v1/checkout/lookup?q=${encodeURIComponent(q())}`, undefined, { role: 'staff' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      member: { id: ada, name: 'Ada Lovelace', locale: 'en' },
      tier: { id: 'member', name: 'Member' },
      balance: { available: 500, pending: 0 },
      preferences: { milk: 'oat', size: 'large' },
      notes: expect.any(Array),
      birthdaySoon: { date: '2026-06-03', inDays: 2 },
      openFollowUps: 0,
      greeting: { kind: 'birthday', text: "Happy early birthday, Ada — it's in 2 days!" },
      suggestedReward: { id: rewardId, name: 'Flat white', pointsCost: 300 },
      askForStaffRating: true,
    });
    expect(response.body.notes.map((n: { body: string }) => n.body)).toEqual(['note 6', 'note 5', 'note 4', 'note 3', 'note 2']);
  });

  it('a detractor’s open follow-up shows, and a recent ask holds back the staff rating', async () => {
    const id = await createMemberVia(t, { name: 'Bo', marketingConsent: true });
    await order(id, '2026-01-05T10:00:00Z');
    const invited = await call(t, 'POST', '/v1/feedback/invitations', { surveyId, memberId: id });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    await detractor(id, '2026-05-31T09:00:00Z');
    const response = await call(t, 'GET', `/v1/checkout/lookup?q=${id}`);
    expect(response.body).toMatchObject({ openFollowUps: 1, askForStaffRating: false, suggestedReward: null, birthdaySoon: null, greeting: { kind: 'returning', text: 'Welcome back, Bo — lovely to see you again!' } });
  });

  it('no consent: never asked for a rating', async () => {
    const id = await createMemberVia(t, { marketingConsent: false, name: undefined });
    expect((await call(t, 'GET', `/v1/checkout/lookup?q=${id}`)).body).toMatchObject({ askForStaffRating: false, greeting: { kind: 'regular', text: 'Good to see you!' }, tier: { id: 'member' } });
  });

  it.each([
    ['unknown id', 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t', 404, 'member_not_found'],
    ['unknown QR', 'fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t', 404, 'member_not_found'],
    ['unknown email', 'nobody@example.com', 404, 'member_not_found'],
    ['unknown phone', '+4915199999999', 404, 'member_not_found'],
    ['garbage', 'hello', 400, 'checkout_query_invalid'],
    ['not E.164', '+12', 400, 'checkout_query_invalid'],
    ['empty', '', 400, 'validation_failed'],
  ])('%s → %i %s', async (_name, q, status, code) => {
    const response = await call(t, 'GET', `/v1/checkout/lookup?q=${encodeURIComponent(q)}`, undefined, { role: 'staff' });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('an erased member is not found', async () => {
    const id = await createMemberVia(t);
    await call(t, 'POST', `/v1/members/${id}/erase`);
    expect((await call(t, 'GET', `/v1/checkout/lookup?q=${id}`)).body.code).toBe('member_not_found');
  });
});
