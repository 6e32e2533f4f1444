// Feedback end to end over HTTP: surveys, throttled invitations, the signed link, responses,
// follow-ups, metrics and the satisfaction-vs-loyalty view, on both backends.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAfterOrders } from '../src/modules/feedback/jobs.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
const start = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

const relationshipSurvey = {
  name: 'How are we doing?',
  defaultLocale: 'en',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?', he: 'עד כמה תמליצו עלינו?' } },
    { id: 'csat', type: 'csat', text: { en: 'How satisfied are you?' }, required: false },
    { id: 'cashier', type: 'rating', subject: 'staff', text: { en: 'How was your cashier?' }, required: false },
    { id: 'why', type: 'text', text: { en: 'What should we improve?' }, required: false },
  ],
  trigger: { type: 'manual' },
};

let surveyId: string;

beforeAll(async () => {
  t = await createTestApp({}, { feedbackQuietDays: 30, publicUrl: 'https://shop.example' });
  t.setNow(start);
  const created = await call(t, 'POST', '/v1/feedback/surveys', relationshipSurvey);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  surveyId = created.body.id;
});
afterAll(() => t.drop());

async function askableMember(overrides: Record<string, unknown> = {}): Promise<string> {
  return createMemberVia(t, { marketingConsent: true, ...overrides });
}

async function invite(memberId: string, extra: Record<string, unknown> = {}) {
  return call(t, 'POST', '/v1/feedback/invitations', { surveyId, memberId, ...extra });
}

function tokenOf(invitation: { url: string }): string {
  return invitation.url.split('/s/')[1]!;
}

async function count(table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`select count(*)::int8 as n from ${table}`);
  return row!.n;
}

describe('surveys', () => {
  it('refuses a survey whose questions break the rules, naming each problem', async () => {
    const response = await call(t, 'POST', '/v1/feedback/surveys', {
      ...relationshipSurvey,
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'A?' } },
        { id: 'nps', type: 'nps', text: { de: 'B?' } },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    const messages = response.body.errors.map((e: { message: string }) => e.message).join(' | ');
    expect(messages).toContain('duplicate question id nps');
    expect(messages).toContain('at most one nps question');
  });

  it('lists, reads and retires surveys', async () => {
    expect((await call(t, 'GET', `/v1/feedback/surveys/${surveyId}`)).body.questions).toHaveLength(4);
    expect((await call(t, 'GET', '/v1/feedback/surveys')).body.data.map((s: { id: string }) => s.id)).toContain(surveyId);
    const other = await call(t, 'POST', '/v1/feedback/surveys', { ...relationshipSurvey, name: 'Retired' });
    const retired = await call(t, 'PATCH', `/v1/feedback/surveys/${other.body.id}`, { active: false });
    expect(retired.body.active).toBe(false);
    const memberId = await askableMember();
    const refused = await call(t, 'POST', '/v1/feedback/invitations', { surveyId: other.body.id, memberId });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('survey_inactive');
  });
});

describe('invitations: consent and the quiet period', () => {
  it('asks a consenting member once per quiet period, across surveys', async () => {
    const memberId = await askableMember();
    const first = await invite(memberId, { channel: 'checkout', staffId: 'anna', storeId: 'riga-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.url).toMatch(/^https:\/\/shop\.example\/s\/inv_/);
    const again = await invite(memberId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('feedback_quiet_period');
    t.setNow(new Date(start.getTime() + 30 * DAY));
    expect((await invite(memberId)).status).toBe(201);
    t.setNow(start);
  });

  it('never asks without consent, and writes nothing when refusing', async () => {
    const memberId = await createMemberVia(t, { marketingConsent: false });
    const before = await count('survey_invitations');
    const refused = await invite(memberId);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('feedback_consent_missing');
    expect(await count('survey_invitations')).toBe(before);
  });

  it('refuses an order of another member', async () => {
    const owner = await askableMember();
    const order = await call(t, 'POST', '/v1/orders', orderBody(owner, [{ unitPrice: 500 }]));
    const response = await invite(await askableMember(), { orderId: order.body.id });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('order_not_of_member');
  });

  it('property: however asks are timed, two sent invitations are a full quiet period apart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }), async (gaps) => {
        const memberId = await askableMember();
        const sent: number[] = [];
        let at = start.getTime();
        for (const gap of gaps) {
          at += gap * DAY;
          t.setNow(new Date(at));
          const response = await invite(memberId);
          expect([201, 409]).toContain(response.status);
          if (response.status === 201) sent.push(at);
        }
        t.setNow(start);
        expect(sent.length).toBeGreaterThan(0);
        for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(30 * DAY);
        // And no ask was held back without cause.
        const expected = gaps.reduce<{ last: number | null; n: number; at: number }>(
          (acc, gap) => {
            const now = acc.at + gap * DAY;
            return acc.last === null || now - acc.last >= 30 * DAY ? { last: now, n: acc.n + 1, at: now } : { ...acc, at: now };
          },
          { last: null, n: 0, at: start.getTime() },
        );
        expect(sent.length).toBe(expected.n);
      }),
      { numRuns: 15 },
    );
  });

  it('concurrent asks for one member: exactly one is sent', async () => {
    const memberId = await askableMember();
    const responses = await Promise.all(Array.from({ length: 8 }, () => invite(memberId)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(7);
  });
});

describe('the signed link', () => {
  it('shows the survey in the member’s locale (JSON and a phone page), takes one answer, refuses a second', async () => {
    const memberId = await askableMember({ locale: 'he' });
    const invitation = (await invite(memberId, { staffId: 'anna', storeId: 'riga-1', channel: 'checkout' })).body;
    const token = tokenOf(invitation);

    const form = await t.app.inject({ method: 'GET', url: `/s/${token}` });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ dir: 'rtl', locale: 'he', status: 'sent', questions: [{ id: 'nps', text: 'עד כמה תמליצו עלינו?', min: 0, max: 10 }, {}, {}, {}] });
    const html = await t.app.inject({ method: 'GET', url: `/s/${token}`, headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('dir="rtl"');

    const answers = { answers: [{ questionId: 'nps', value: 4 }, { questionId: 'cashier', value: 2 }, { questionId: 'why', value: 'The queue was far too slow' }] };
    const answered = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: answers });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ memberId, npsScore: 4, npsClass: 'detractor', staffRating: 2, staffId: 'anna', storeId: 'riga-1', channel: 'checkout' });
    const responsesBefore = await count('feedback_responses');
    const twice = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: answers });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('invitation_already_answered');
    expect(await count('feedback_responses')).toBe(responsesBefore);
    expect((await t.app.inject({ method: 'GET', url: `/s/${token}` })).json().status).toBe('responded');

    const events = await t.db.query<{ type: string }>(`select type from outbox where member_id = $1 and type like 'feedback.%' order by id`, [memberId]);
    expect(events.map((e) => e.type)).toEqual(['feedback.invited', 'feedback.received', 'feedback.detractor']);
  });

  it('refuses forged and expired links, and answers that do not fit the survey', async () => {
    const invitation = (await invite(await askableMember())).body;
    const token = tokenOf(invitation);
    const [id, expires, mac] = token.split('.');
    for (const forged of [`${id}.${Number(expires) + 1}.${mac}`, `${id}.${expires}.AAAAAAAAAAAAAAAAAAAAAA`]) {
      const response = await t.app.inject({ method: 'GET', url: `/s/${forged}` });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('invitation_token_invalid');
    }
    const page = await t.app.inject({ method: 'GET', url: `/s/${id}.${expires}.AAAAAAAAAAAAAAAAAAAAAA`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('not valid');

    const outOfRange = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: { answers: [{ questionId: 'nps', value: 11 }] } });
    expect(outOfRange.statusCode).toBe(422);
    expect(outOfRange.json()).toMatchObject({ code: 'answers_invalid', errors: [{ path: 'body.answers.0.value' }] });
    const foreign = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: { answers: [{ questionId: 'nps', value: 9 }, { questionId: 'delivery_speed', value: 3 }] } });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([{ path: 'body.answers.1.questionId', message: 'this survey has no question delivery_speed' }]);

    t.setNow(new Date(start.getTime() + 15 * DAY));
    const expired = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: { answers: [{ questionId: 'nps', value: 9 }] } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('invitation_expired');
    t.setNow(start);
  });
});

describe('responses over the API', () => {
  it('replays an Idempotency-Key instead of storing twice', async () => {
    const memberId = await askableMember();
    const body = { surveyId, memberId, channel: 'wallet', answers: [{ questionId: 'nps', value: 10 }] };
    const headers = { 'idempotency-key': `fb-${memberId}` };
    const first = await call(t, 'POST', '/v1/feedback/responses', body, { headers });
    const second = await call(t, 'POST', '/v1/feedback/responses', body, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect((await call(t, 'GET', `/v1/feedback/responses?memberId=${memberId}`)).body.data).toHaveLength(1);
  });

  it('refuses an invitation answered for another member', async () => {
    const invitation = (await invite(await askableMember())).body;
    const response = await call(t, 'POST', '/v1/feedback/responses', { invitationId: invitation.id, memberId: await askableMember(), answers: [{ questionId: 'nps', value: 9 }] });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('invitation_mismatch');
  });

  it('finds comments by their words', async () => {
    const memberId = await askableMember();
    await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value: 8 }, { questionId: 'why', value: 'Lovely oat milk flat white' }] });
    const found = await call(t, 'GET', '/v1/feedback/responses?q=OAT%20milk');
    expect(found.body.data.map((r: { memberId: string }) => r.memberId)).toEqual([memberId]);
    expect((await call(t, 'GET', '/v1/feedback/responses?q=espresso')).body.data).toEqual([]);
  });
});

describe('closing the loop', () => {
  it('opens a follow-up for a detractor, due by config; the team assigns and closes it', async () => {
    const memberId = await askableMember();
    const response = await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value: 1 }, { questionId: 'why', value: 'Rude staff' }] });
    expect(response.body.followUpId).toMatch(/^fup_/);
    const open = await call(t, 'GET', '/v1/feedback/follow-ups?status=open');
    const task = open.body.data.find((f: { id: string }) => f.id === response.body.followUpId);
    expect(task).toMatchObject({ reason: 'detractor', memberId, comment: 'Rude staff', dueAt: new Date(start.getTime() + 48 * 3_600_000).toISOString() });
    // The member's own follow-ups, for their 360 page: only theirs.
    const mine = await call(t, 'GET', `/v1/feedback/follow-ups?memberId=${memberId}`);
    expect(mine.body.data.map((f: { id: string }) => f.id)).toEqual([task.id]);
    expect((await call(t, 'GET', `/v1/feedback/follow-ups?memberId=${await askableMember()}`)).body.data).toEqual([]);

    const assigned = await call(t, 'PATCH', `/v1/feedback/follow-ups/${task.id}`, { assignee: 'Dana', status: 'in_progress' }, { role: 'staff' });
    expect(assigned.body).toMatchObject({ assignee: 'Dana', status: 'in_progress', closedAt: null });
    const closed = await call(t, 'PATCH', `/v1/feedback/follow-ups/${task.id}`, { status: 'done', outcome: 'Called; apologised; voucher sent.' });
    expect(closed.body).toMatchObject({ status: 'done', outcome: 'Called; apologised; voucher sent.', closedAt: start.toISOString(), assignee: 'Dana' });
    expect((await call(t, 'GET', '/v1/feedback/follow-ups?assignee=Dana&status=done')).body.data.map((f: { id: string }) => f.id)).toContain(task.id);
  });

  it('a passive with a fine CSAT needs no follow-up', async () => {
    const response = await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId: await askableMember(), answers: [{ questionId: 'nps', value: 7 }, { questionId: 'csat', value: 4 }] });
    expect(response.body.followUpId).toBeNull();
  });
});

describe('metrics and satisfaction vs loyalty', () => {
  it('computes NPS, CSAT and breakdowns from stored responses, exactly', async () => {
    const survey = await call(t, 'POST', '/v1/feedback/surveys', { ...relationshipSurvey, name: 'Metrics only' });
    const scores: [string, number, number | null][] = [
      ['riga-1', 10, 5], ['riga-1', 9, 4], ['riga-1', 3, 2], ['riga-1', 8, null],
      ['tbilisi', 10, 5], ['tbilisi', 6, 3],
    ];
    for (const [storeId, nps, csat] of scores) {
      const answers = [{ questionId: 'nps', value: nps }, ...(csat === null ? [] : [{ questionId: 'csat', value: csat }])];
      const r = await call(t, 'POST', '/v1/feedback/responses', { surveyId: survey.body.id, memberId: await askableMember(), storeId, answers });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const metrics = await call(t, 'GET', `/v1/feedback/metrics?surveyId=${survey.body.id}&by=store&interval=month`);
    expect(metrics.status, JSON.stringify(metrics.body)).toBe(200);
    // 3 promoters, 1 passive, 2 detractors of 6 → NPS 16.7; CSAT 3 of 5 → 60 %.
    expect(metrics.body.overall).toMatchObject({ responses: 6, promoters: 3, passives: 1, detractors: 2, nps: 16.7, csat: 60, csatResponses: 5 });
    expect(metrics.body.groups).toEqual([
      expect.objectContaining({ key: 'riga-1', responses: 4, nps: 25 }),
      expect.objectContaining({ key: 'tbilisi', responses: 2, nps: 0 }),
    ]);
    expect(metrics.body.trend).toEqual([expect.objectContaining({ period: '2026-06-01', responses: 6 })]);
    // One store's trend: the filter narrows the overall figures and the trend alike.
    const riga = await call(t, 'GET', `/v1/feedback/metrics?surveyId=${survey.body.id}&storeId=riga-1&interval=month`);
    expect(riga.body.overall).toMatchObject({ responses: 4, nps: 25 });
    expect(riga.body.trend).toEqual([expect.objectContaining({ period: '2026-06-01', responses: 4, nps: 25 })]);
    const nobody = await call(t, 'GET', `/v1/feedback/metrics?surveyId=${survey.body.id}&staffId=nobody&interval=month`);
    expect([nobody.body.overall.responses, nobody.body.trend]).toEqual([0, []]);
    const bad = await call(t, 'GET', '/v1/feedback/metrics?by=planet');
    expect(bad.status).toBe(400);
  });

  it('breaks down by the tier members were in when they answered', async () => {
    const ladder = { basis: 'visits', window: { type: 'rolling', days: 365 }, tiers: [{ id: 'member', name: 'Member', threshold: 0 }, { id: 'regular', name: 'Regular', threshold: 2 }] };
    expect((await call(t, 'PUT', '/v1/program/tiers', ladder)).status).toBe(200);
    const survey = await call(t, 'POST', '/v1/feedback/surveys', { ...relationshipSurvey, name: 'By tier' });
    const regular = await askableMember();
    for (let i = 0; i < 2; i++) await call(t, 'POST', '/v1/orders', orderBody(regular, [{ unitPrice: 500 }], start.toISOString()));
    const newcomer = await askableMember();
    await call(t, 'GET', `/v1/members/${newcomer}/tier`);
    for (const [memberId, nps] of [[regular, 10], [newcomer, 3]] as const) {
      await call(t, 'POST', '/v1/feedback/responses', { surveyId: survey.body.id, memberId, answers: [{ questionId: 'nps', value: nps }] });
    }
    const metrics = await call(t, 'GET', `/v1/feedback/metrics?surveyId=${survey.body.id}&by=tier`);
    expect(metrics.body.groups).toEqual([
      expect.objectContaining({ key: 'member', responses: 1, nps: -100 }),
      expect.objectContaining({ key: 'regular', responses: 1, nps: 100 }),
    ]);
  });

  it('campaigns to a saved segment, and breaks metrics down by segment (segments overlap)', async () => {
    const survey = await call(t, 'POST', '/v1/feedback/surveys', { ...relationshipSurvey, name: 'By segment' });
    const vip = await askableMember({ tags: ['vip-fb'] });
    const both = await askableMember({ tags: ['vip-fb', 'beans-fb'] });
    const vips = await call(t, 'POST', '/v1/segments', { name: 'VIP', filter: { tags: ['vip-fb'] } });
    const beans = await call(t, 'POST', '/v1/segments', { name: 'Beans', filter: { tags: ['beans-fb'] } });
    expect([vips.status, beans.status], JSON.stringify(vips.body)).toEqual([201, 201]);

    t.setNow(new Date(start.getTime() + 400 * DAY)); // past everyone's quiet period
    const campaign = await call(t, 'POST', `/v1/feedback/surveys/${survey.body.id}/campaigns`, { segmentId: vips.body.id });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(200);
    expect(campaign.body).toMatchObject({ considered: 2, invited: 2 });
    const both2 = await call(t, 'POST', `/v1/feedback/surveys/${survey.body.id}/campaigns`, { segmentId: vips.body.id, memberIds: [vip] });
    expect([both2.status, both2.body.code]).toEqual([400, 'validation_failed']);

    for (const [memberId, nps] of [[vip, 10], [both, 0]] as const) {
      await call(t, 'POST', '/v1/feedback/responses', { surveyId: survey.body.id, memberId, answers: [{ questionId: 'nps', value: nps }] });
    }
    const metrics = await call(t, 'GET', `/v1/feedback/metrics?surveyId=${survey.body.id}&by=segment`);
    expect(metrics.status, JSON.stringify(metrics.body)).toBe(200);
    expect(metrics.body.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: `VIP (${vips.body.id})`, responses: 2, nps: 0 }),
        expect.objectContaining({ key: `Beans (${beans.body.id})`, responses: 1, nps: -100 }),
      ]),
    );
    t.setNow(start);
  });

  it('places each respondent in a quadrant by what they say and what they do', async () => {
    const loyalHappy = await askableMember();
    const drifting = await askableMember();
    t.setNow(new Date(start.getTime() - 200 * DAY));
    for (const memberId of [loyalHappy, drifting]) await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 500 }], t.now().toISOString()));
    t.setNow(new Date(start.getTime() - 5 * DAY));
    await call(t, 'POST', '/v1/orders', orderBody(loyalHappy, [{ unitPrice: 500 }], t.now().toISOString()));
    t.setNow(start);
    for (const memberId of [loyalHappy, drifting]) {
      await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value: 9 }] });
    }
    const view = await call(t, 'GET', '/v1/feedback/satisfaction-vs-loyalty?membersPerQuadrant=1000');
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    const quadrantOf = (memberId: string) => view.body.quadrants.find((q: { members: { memberId: string }[] }) => q.members.some((m) => m.memberId === memberId))?.quadrant;
    expect(quadrantOf(loyalHappy)).toBe('loyal_satisfied');
    expect(quadrantOf(drifting)).toBe('satisfied_drifting');
    expect(view.body.quadrants.reduce((n: number, q: { count: number }) => n + q.count, 0)).toBe(view.body.respondents);
  });
});

describe('triggers and privacy', () => {
  it('invites buyers after their order once, and keeps held-back asks as suppressed', async () => {
    const survey = await call(t, 'POST', '/v1/feedback/surveys', { ...relationshipSurvey, name: 'After order', trigger: { type: 'after_order', delayHours: 24 } });
    const buyer = await askableMember();
    const noConsent = await createMemberVia(t, { marketingConsent: false });
    const day = new Date(start.getTime() + 100 * DAY);
    t.setNow(day);
    const orders = [];
    for (const memberId of [buyer, noConsent]) orders.push((await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 900 }], day.toISOString()))).body.id);
    const later = new Date(day.getTime() + 25 * 3_600_000);
    const first = await inviteAfterOrders(t.db, t.config, later);
    expect(first).toMatchObject({ invited: 1, no_consent: 1 });
    expect(await inviteAfterOrders(t.db, t.config, later)).toEqual({ invited: 0 });
    const [row] = await t.db.query<{ status: string; categories: string[] }>('select status, categories from survey_invitations where order_id = $1 and survey_id = $2', [orders[0], survey.body.id]);
    expect(row!.status).toBe('sent');
    await call(t, 'PATCH', `/v1/feedback/surveys/${survey.body.id}`, { active: false });
    t.setNow(start);
  });

  it('erasure scrubs what the member wrote and keeps the score; export includes feedback', async () => {
    const memberId = await askableMember();
    await call(t, 'POST', '/v1/feedback/responses', { surveyId, memberId, answers: [{ questionId: 'nps', value: 2 }, { questionId: 'why', value: 'My name is Ada and I live at 1 Main St' }] });
    const exported = await call(t, 'GET', `/v1/members/${memberId}/export`);
    expect(exported.body.feedback[0]).toMatchObject({ npsScore: 2, comment: 'My name is Ada and I live at 1 Main St' });
    expect((await call(t, 'POST', `/v1/members/${memberId}/erase`)).status).toBe(200);
    const [row] = await t.db.query<{ comment: string | null; nps_score: number; answers: unknown }>('select comment, nps_score, answers from feedback_responses where member_id = $1', [memberId]);
    expect(row).toEqual({ comment: null, nps_score: 2, answers: [{ questionId: 'nps', value: 2 }, { questionId: 'why', value: '[erased]' }] });
    // Every response of this file went in through the API; the daily rollup still equals a recount.
    expect(await count('feedback_daily')).toBeGreaterThan(0);
    await expectLedgerClean(t);
  });
});
