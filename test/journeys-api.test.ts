// Journeys end to end: the API, the engine passes of the `journeys` job and email through a local SMTP sink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJourneys } from '../src/modules/journeys/engine.js';
import { deliverMessages, smtpTransport } from '../src/modules/messages/sender.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';
import { deadSmtpUrl, startSmtpSink, type SmtpSink } from './smtp-sink.js';

let t: TestApp;
let sink: SmtpSink;
const START = new Date('2026-06-01T12:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({}, { smtpUrl: sink.url, publicUrl: 'https://loyalty.example', mailFrom: 'Fidelis <loyalty@shop.example>' });
  t.setNow(START);
});
afterAll(async () => {
  await t.drop();
  await sink.close();
});

const engine = () => runJourneys(t.db, t.config, t.now());
const deliver = (config = t.config) => deliverMessages(t.db, config, smtpTransport(config), t.now());
const mailTo = (address: string) => sink.received.filter((mail) => mail.to.includes(address));

async function templateBody(key: string) {
  const templates = await call(t, 'GET', '/v1/journeys/templates', undefined, { role: 'analyst' });
  expect(templates.status).toBe(200);
  return templates.body.data.find((template: { key: string }) => template.key === key).journey;
}

describe('journey definitions', () => {
  it('offers six ready-made journeys that the API accepts as they are', async () => {
    const templates = await call(t, 'GET', '/v1/journeys/templates');
    expect(templates.body.data.map((template: { key: string }) => template.key)).toEqual(['welcome', 'birthday', 'tenth-order', 'anniversary', 'win-back', 'tier-up']);
    for (const template of templates.body.data) {
      const created = await call(t, 'POST', '/v1/journeys', template.journey);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      // Paused at once, so they enrol nobody in the tests below.
      expect((await call(t, 'POST', `/v1/journeys/${created.body.id}/pause`)).status).toBe(200);
    }
  });

  it.each([
    ['an unknown placeholder', { fallbackLocale: 'en', locales: { en: { subject: 'Hi {{coupon}}', body: 'x' } } }, 'body.steps.0.action.template.locales.en.subject'],
    ['a fallback locale without content', { fallbackLocale: 'fr', locales: { en: { subject: 'Hi', body: 'x' } } }, 'body.steps.0.action.template.fallbackLocale'],
  ])('refuses a template with %s (400, names the field)', async (_name, template, path) => {
    const response = await call(t, 'POST', '/v1/journeys', { name: 'x', trigger: { kind: 'member.enrolled' }, steps: [{ action: { type: 'send_email', template } }] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each([
    ['a wait that is not a duration', { wait: '3 days', action: { type: 'grant_points', points: 1, reason: 'x' } }],
    ['fractional points', { action: { type: 'grant_points', points: 1.5, reason: 'x' } }],
    ['an unknown action', { action: { type: 'send_sms' } }],
  ])('refuses %s with 400', async (_name, step) => {
    const response = await call(t, 'POST', '/v1/journeys', { name: 'x', trigger: { kind: 'member.enrolled' }, steps: [step] });
    expect(response.status).toBe(400);
  });

  it('refuses a coupon that does not exist with 422 journey_reference_unknown', async () => {
    const response = await call(t, 'POST', '/v1/journeys', {
      name: 'x',
      trigger: { kind: 'order.count', count: 10 },
      steps: [{ action: { type: 'issue_coupon', couponId: 'cpn_01jd3x8k2q9v7c4m5n6p7r8s9t' } }],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'journey_reference_unknown', errors: [{ path: 'body.steps.0.action.couponId' }] });
  });

  it('is 404 journey_not_found for an unknown id, on every route', async () => {
    for (const [method, url] of [
      ['GET', '/v1/journeys/jrn_01jd3x8k2q9v7c4m5n6p7r8s9t'],
      ['GET', '/v1/journeys/jrn_01jd3x8k2q9v7c4m5n6p7r8s9t/stats'],
      ['POST', '/v1/journeys/jrn_01jd3x8k2q9v7c4m5n6p7r8s9t/pause'],
    ] as const) {
      expect((await call(t, method, url)).body.code).toBe('journey_not_found');
    }
  });
});

describe('welcome journey', () => {
  let journeyId: string;
  const members: Record<'en' | 'de' | 'silent' | 'before', { id: string; email: string }> = {} as never;

  beforeAll(async () => {
    members.before = { id: await createMemberVia(t, { email: 'before@example.com', marketingConsent: true }), email: 'before@example.com' };
    t.setNow(minutes(1));
    const created = await call(t, 'POST', '/v1/journeys', await templateBody('welcome'), { headers: { 'idempotency-key': 'welcome-1' } });
    expect(created.status).toBe(201);
    journeyId = created.body.id;
    t.setNow(minutes(2));
    members.en = { id: await createMemberVia(t, { email: 'ann@example.com', name: 'Ann <b>', locale: 'en-GB', marketingConsent: true }), email: 'ann@example.com' };
    members.de = { id: await createMemberVia(t, { email: 'jonas@example.com', name: 'Jonas', locale: 'de-AT', marketingConsent: true }), email: 'jonas@example.com' };
    members.silent = { id: await createMemberVia(t, { email: 'quiet@example.com', name: 'Quiet', marketingConsent: false }), email: 'quiet@example.com' };
    t.setNow(minutes(3));
  });

  it('grants points and sends one email per member in their locale, idempotent across two engine runs', async () => {
    const first = await engine();
    expect(first).toMatchObject({ entered: 3, done: 5, skipped: 1 });
    expect(await engine()).toMatchObject({ entered: 0, done: 0, skipped: 0 });
    expect(await deliver()).toEqual({ sent: 2, failed: 0, withdrawn: 0 });
    expect(await deliver()).toEqual({ sent: 0, failed: 0, withdrawn: 0 });

    for (const who of ['en', 'de', 'silent'] as const) {
      expect((await call(t, 'GET', `/v1/members/${members[who].id}/balance`)).body.available).toBe(100);
    }
    expect((await call(t, 'GET', `/v1/members/${members.before.id}/balance`)).body.available).toBe(0);
    expect(mailTo(members.en.email).map((mail) => mail.headers.subject)).toEqual(['Welcome, Ann <b>!']);
    expect(mailTo(members.de.email).map((mail) => mail.headers.subject)).toEqual(['Willkommen, Jonas!']);
    expect(mailTo(members.silent.email)).toEqual([]);
    expect(mailTo(members.before.email)).toEqual([]);
    const mail = mailTo(members.en.email)[0]!;
    expect(mail.headers['message-id']).toMatch(/^<eml_[0-9a-z]{26}@shop\.example>$/);
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/loyalty\.example\/u\/mem_[0-9a-z]{26}\.\d+\.[\w-]+>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.raw).toContain('Ann &#60;b&#62;');
    await expectLedgerClean(t);
  });

  it('explains the points: the ledger entry names the journey and the step', async () => {
    const history = await call(t, 'GET', `/v1/members/${members.de.id}/ledger`);
    expect(history.body.data[0]).toMatchObject({ kind: 'earn', points: 100 });
    expect(JSON.stringify(history.body.data[0])).toContain(journeyId);
  });

  it('counts entered, completed and converted per journey and per step', async () => {
    t.setNow(minutes(10));
    expect((await call(t, 'POST', '/v1/orders', orderBody(members.de.id, [{ unitPrice: 1500 }], minutes(10).toISOString()))).status).toBe(201);
    const stats = await call(t, 'GET', `/v1/journeys/${journeyId}/stats`, undefined, { role: 'analyst' });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ entered: 3, active: 3, completed: 0, converted: 1 });
    expect(stats.body.steps).toEqual([
      { step: 0, action: 'grant_points', done: 3, skipped: 0, failed: 0, converted: 1 },
      { step: 1, action: 'send_email', done: 2, skipped: 1, failed: 0, converted: 1 },
      { step: 2, action: 'send_email', done: 0, skipped: 0, failed: 0, converted: 0 },
    ]);
  });

  it('runs the reminder a week later only for members who have not ordered, then completes', async () => {
    t.setNow(new Date(minutes(3).getTime() + 7 * 86_400_000));
    expect(await engine()).toMatchObject({ done: 1, skipped: 2, completed: 3 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(mailTo(members.en.email).map((mail) => mail.headers.subject)).toEqual(['Welcome, Ann <b>!', 'Your points are waiting, Ann <b>']);
    expect(mailTo(members.de.email)).toHaveLength(1);
  });

  it('honours the unsubscribe link: consent withdrawn, a queued email not sent, a forged link refused', async () => {
    const url = new URL(mailTo(members.de.email)[0]!.headers['list-unsubscribe']!.slice(1, -1));
    const forgedUrl = `${url.pathname.slice(0, -3)}abc`;
    const forged = await t.app.inject({ method: 'GET', url: forgedUrl, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['content-type']).toMatch(/text\/html/);
    // A mail client's one-click POST is no browser: the refusal is the API's problem document.
    const forgedOneClick = await t.app.inject({ method: 'POST', url: forgedUrl });
    expect(forgedOneClick.statusCode).toBe(404);
    expect(forgedOneClick.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forgedOneClick.json().code).toBe('unsubscribe_link_invalid');

    const orderJourney = await call(t, 'POST', '/v1/journeys', {
      name: 'Second order thanks',
      trigger: { kind: 'order.count', count: 2 },
      steps: [{ action: { type: 'send_email', template: { fallbackLocale: 'en', locales: { en: { subject: 'Thanks {{name}}', body: 'Bye: {{unsubscribeUrl}}' } } } } }],
    });
    expect(orderJourney.status).toBe(201);
    t.setNow(new Date(t.now().getTime() + 60_000));
    expect((await call(t, 'POST', '/v1/orders', orderBody(members.de.id, [{ unitPrice: 900 }], t.now().toISOString()))).status).toBe(201);
    expect(await engine()).toMatchObject({ entered: 1, done: 1 });

    const page = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Unsubscribed');
    expect((await call(t, 'GET', `/v1/members/${members.de.id}`)).body.marketingConsent).toBe(false);
    expect(await deliver()).toEqual({ sent: 0, failed: 0, withdrawn: 1 });
    expect(mailTo(members.de.email)).toHaveLength(1);

    const oneClick = await t.app.inject({ method: 'POST', url: url.pathname });
    expect(oneClick.statusCode).toBe(200);
  });

  it('pauses: nobody enters and no step runs until resumed', async () => {
    expect((await call(t, 'POST', `/v1/journeys/${journeyId}/pause`)).body.status).toBe('paused');
    await createMemberVia(t, { email: 'late@example.com', marketingConsent: true });
    expect(await engine()).toMatchObject({ entered: 0 });
    expect((await call(t, 'POST', `/v1/journeys/${journeyId}/resume`)).body.status).toBe('active');
    expect(await engine()).toMatchObject({ entered: 1, done: 2 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(mailTo('late@example.com')).toHaveLength(1);
  });
});

describe('coupon, reward and task actions', () => {
  it('hands out each once in the step’s transaction, retries a reward out of stock, and exits on a failed condition', async () => {
    const coupon = await call(t, 'POST', '/v1/coupons', { codes: ['THANKS-TEMPLATE'], discount: { type: 'percent', percent: 15 }, maxRedemptions: null, perMemberLimit: 1 });
    expect(coupon.status).toBe(201);
    const reward = await call(t, 'POST', '/v1/rewards', { name: 'Tote bag', kind: 'gift', pointsCost: 1, stock: 1 });
    expect(reward.status).toBe(201);
    const journey = await call(t, 'POST', '/v1/journeys', {
      name: 'First order thanks',
      trigger: { kind: 'order.count', count: 1 },
      steps: [
        { action: { type: 'issue_coupon', couponId: coupon.body.data[0].id } },
        { action: { type: 'create_task', title: 'Wrap the tote bag', dueInDays: 2 } },
        { action: { type: 'grant_reward', rewardId: reward.body.id } },
        { wait: 'P1D', condition: { all: [{ kind: 'no_order_since_entry' }], onFail: 'exit' }, action: { type: 'grant_points', points: 10, reason: 'no second order yet' } },
      ],
    });
    expect(journey.status).toBe(201);
    t.setNow(new Date(t.now().getTime() + 60_000));
    const [first, second] = [await createMemberVia(t), await createMemberVia(t)];
    for (const memberId of [first, second]) expect((await call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 800 }], t.now().toISOString()))).status).toBe(201);

    expect(await engine()).toMatchObject({ retried: 1 });
    expect(await engine()).toMatchObject({ entered: 0, done: 0, retried: 0 });
    const codes = await t.db.query<{ member_id: string; code: string; max_redemptions: number }>('select member_id, code, max_redemptions from coupons where member_id = any($1::text[])', [[first, second]]);
    expect(codes.map((c) => c.member_id).sort()).toEqual([first, second].sort());
    expect((await call(t, 'GET', `/v1/coupons/${codes[0]!.code}`)).body).toMatchObject({ discount: { type: 'percent', percent: 15 }, maxRedemptions: 1 });
    const tasks = await t.db.query<{ member_id: string }>('select member_id from journey_tasks where journey_id = $1', [journey.body.id]);
    expect(tasks).toHaveLength(2);
    const rewarded = [];
    for (const memberId of [first, second]) rewarded.push((await call(t, 'GET', `/v1/members/${memberId}/rewards`)).body.data.length);
    expect([...rewarded].sort()).toEqual([0, 1]);
    // The one stock went to whichever step ran first; that member orders again and leaves at the condition.
    const winner = rewarded[0] === 1 ? first : second;

    t.setNow(new Date(t.now().getTime() + 86_400_000 + 60_000));
    expect((await call(t, 'POST', '/v1/orders', orderBody(winner, [{ unitPrice: 800 }], t.now().toISOString()))).status).toBe(201);
    await engine();
    const stats = await call(t, 'GET', `/v1/journeys/${journey.body.id}/stats`);
    expect(stats.body.steps[2]).toMatchObject({ done: 1, failed: 0 });
    expect(stats.body.steps[3]).toMatchObject({ done: 0, skipped: 1 });
    const [enrolment] = await t.db.query<{ status: string }>('select status from journey_enrolments where journey_id = $1 and member_id = $2', [journey.body.id, winner]);
    expect(enrolment!.status).toBe('exited');
    await expectLedgerClean(t);
  });
});

describe('a failing SMTP server', () => {
  it('keeps messages queued without touching API writes, and they go out once it is back', async () => {
    const down = { ...t.config, smtpUrl: await deadSmtpUrl() };
    const memberId = await createMemberVia(t, { email: 'patient@example.com', name: 'Pat', marketingConsent: true });
    await engine();
    expect(await deliver(down)).toMatchObject({ sent: 0, failed: 1 });
    const [message] = await t.db.query<{ status: string; attempts: number; last_error: string }>('select status, attempts, last_error from messages where member_id = $1', [memberId]);
    expect(message).toMatchObject({ status: 'queued', attempts: 1 });
    expect(message!.last_error).toMatch(/ECONNREFUSED/);
    expect((await call(t, 'PATCH', `/v1/members/${memberId}`, { name: 'Patricia' })).status).toBe(200);
    expect(await deliver()).toMatchObject({ sent: 0 });
    t.setNow(new Date(t.now().getTime() + 60_000));
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(mailTo('patient@example.com')).toHaveLength(1);
  });
});

describe('a saved segment as the trigger', () => {
  it('enrols the members of a P(alive) segment once each, as they fall into it; the segment cannot be deleted meanwhile', async () => {
    const unknown = await call(t, 'POST', '/v1/journeys', { name: 'x', trigger: { kind: 'segment', segmentId: 'seg_01jd3x8k2q9v7c4m5n6p7r8s9t' }, steps: [{ action: { type: 'grant_points', points: 1, reason: 'x' } }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'journey_reference_unknown', errors: [{ path: 'body.trigger.segmentId' }] });

    const [fading, fine, once] = [await createMemberVia(t), await createMemberVia(t), await createMemberVia(t)];
    const ordersAt = (memberId: string, days: string[]) => Promise.all(days.map((day) => call(t, 'POST', '/v1/orders', orderBody(memberId, [{ unitPrice: 900 }], `${day}T10:00:00Z`))));
    await ordersAt(fading, ['2025-01-05', '2025-02-05']);
    await ordersAt(fine, ['2026-04-05', '2026-05-05']);
    await ordersAt(once, ['2025-01-05']);
    // The member-scores job's output, set directly: a one-time buyer's stored 1 is BG/NBD's assumption, not a finding.
    const setPAlive = (memberId: string, pAlive: number) =>
      t.db.query(
        `insert into member_scores (member_id, currency, p_alive, loyalty_score, loyalty_band, loyalty_parts, scored_at) values ($1, 'EUR', $2, 10, 'detached', '{}', $3)
         on conflict (member_id) do update set p_alive = excluded.p_alive`,
        [memberId, pAlive, t.now()],
      );
    await Promise.all([setPAlive(fading, 0.04), setPAlive(fine, 0.93), setPAlive(once, 1)]);

    const segment = await call(t, 'POST', '/v1/segments', { name: 'Likely lost', filter: { pAliveBands: ['likely_lost', 'at_risk'] } });
    const journey = await call(t, 'POST', '/v1/journeys', { name: 'Win back the fading', trigger: { kind: 'segment', segmentId: segment.body.id }, steps: [{ action: { type: 'grant_points', points: 50, reason: 'we miss you' } }] });
    expect(journey.status, JSON.stringify(journey.body)).toBe(201);
    const enrolled = async () => (await t.db.query<{ member_id: string }>('select member_id from journey_enrolments where journey_id = $1 order by member_id', [journey.body.id])).map((row) => row.member_id);

    await engine();
    expect(await enrolled()).toEqual([fading]);
    await engine();
    expect(await enrolled()).toEqual([fading]);
    await setPAlive(fine, 0.12);
    await engine();
    expect(await enrolled()).toEqual([fading, fine].sort());
    expect((await call(t, 'GET', `/v1/journeys/${journey.body.id}/stats`)).body).toMatchObject({ entered: 2, completed: 2, steps: [{ done: 2 }] });

    expect((await call(t, 'DELETE', `/v1/segments/${segment.body.id}`)).body.code).toBe('segment_in_use');
    const retargeted = await call(t, 'PUT', `/v1/journeys/${journey.body.id}`, { name: 'Win back', trigger: { kind: 'at_risk', minOverdue: 3 }, steps: journey.body.steps });
    expect(retargeted.status).toBe(200);
    expect((await call(t, 'DELETE', `/v1/segments/${segment.body.id}`)).status).toBe(204);
    await expectLedgerClean(t);
  });
});
