// Referrals over HTTP: the program document, stable codes, attribution and its refusals, completion
// on the first qualifying purchase with explainable bonuses, and the reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const PROGRAM = {
  enabled: true,
  referrerReward: { points: 500 },
  refereeReward: { points: 300 },
  qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 },
  referrerCap: null,
};

async function codeOf(memberId: string): Promise<string> {
  const response = await call(t, 'GET', `/v1/members/${memberId}/referral`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.code;
}

async function events(type: string, memberId: string): Promise<Record<string, unknown>[]> {
  const rows = await t.db.query<{ payload: Record<string, unknown> }>('select payload from outbox where type = $1 and member_id = $2 order by id', [type, memberId]);
  return rows.map((row) => row.payload);
}

async function explanations(memberId: string): Promise<string[]> {
  return (await call(t, 'GET', `/v1/members/${memberId}/ledger`)).body.data.map((e: { explanation: string }) => e.explanation);
}

describe('the program document', () => {
  it('is 404 until set; refuses an unknown currency and malformed settings; keeps versions', async () => {
    expect((await call(t, 'GET', '/v1/program/referrals')).body.code).toBe('referral_program_not_configured');
    const member = await createMemberVia(t);
    const early = await call(t, 'POST', '/v1/referrals', { code: await codeOf(await createMemberVia(t)), memberId: member });
    expect([early.status, early.body.code]).toEqual([422, 'referral_program_disabled']);

    const yen = await call(t, 'PUT', '/v1/program/referrals', { ...PROGRAM, qualifyingPurchase: { ...PROGRAM.qualifyingPurchase, currency: 'JPY' } });
    expect([yen.status, yen.body.code, yen.body.errors[0].path]).toEqual([422, 'referral_currency_unsupported', 'body.qualifyingPurchase.currency']);
    const malformed = await call(t, 'PUT', '/v1/program/referrals', { ...PROGRAM, referrerReward: { points: -1 }, referrerCap: { limit: 0, period: 'week' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.referrerReward.points', 'body.referrerCap.limit', 'body.referrerCap.period']),
    );

    expect((await call(t, 'PUT', '/v1/program/referrals', { ...PROGRAM, enabled: false })).status).toBe(200);
    const saved = await call(t, 'PUT', '/v1/program/referrals', PROGRAM);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await call(t, 'GET', '/v1/program/referrals', undefined, { role: 'analyst' })).body).toEqual(PROGRAM);
    const [versions] = await t.db.query<{ n: number }>('select count(*)::int8 as n from referral_programs');
    expect(versions!.n).toBe(2);
  });
});

describe('referral codes', () => {
  it('gives each member one stable, unique code and a link on the public URL, even to concurrent first requests', async () => {
    const memberId = await createMemberVia(t);
    const first = await Promise.all(Array.from({ length: 5 }, () => call(t, 'GET', `/v1/members/${memberId}/referral`)));
    const codes = new Set(first.map((r) => r.body.code));
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(first[0]!.body).toMatchObject({ memberId, link: `http://localhost:${t.config.port}/join?ref=${code}` });
    expect(await codeOf(memberId)).toBe(code);
    expect(await codeOf(await createMemberVia(t))).not.toBe(code);
  });

  it('has none for an unknown or erased member', async () => {
    expect((await call(t, 'GET', '/v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/referral')).body.code).toBe('member_not_found');
    const erased = await createMemberVia(t);
    await call(t, 'POST', `/v1/members/${erased}/erase`);
    expect((await call(t, 'GET', `/v1/members/${erased}/referral`)).status).toBe(404);
  });
});

describe('attribution refusals', () => {
  it('refuses malformed and unknown codes and members with a clear problem', async () => {
    const memberId = await createMemberVia(t);
    const cases: [unknown, number, string][] = [
      [{ code: '!!!!', memberId }, 400, 'validation_failed'],
      [{ code: 'AB', memberId }, 400, 'validation_failed'],
      [{ code: 'ABCDEFGH', memberId: 'mem_nope' }, 400, 'validation_failed'],
      [{ code: 'ABCDEFGH', memberId, extra: true }, 400, 'validation_failed'],
      [{ code: 'ZZZZZZZZ', memberId }, 404, 'referral_code_not_found'],
      [{ code: await codeOf(memberId), memberId: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t' }, 404, 'member_not_found'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(t, 'POST', '/v1/referrals', body);
      expect([response.status, response.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses self-referral: own code, the same mailbox, each other’s codes', async () => {
    const anna = await createMemberVia(t, { email: 'anna.self@gmail.com' });
    const own = await call(t, 'POST', '/v1/referrals', { code: await codeOf(anna), memberId: anna });
    expect([own.status, own.body.code]).toEqual([422, 'referral_self']);
    const alias = await createMemberVia(t, { email: 'annaself+friends@googlemail.com' });
    const sameMailbox = await call(t, 'POST', '/v1/referrals', { code: await codeOf(anna), memberId: alias });
    expect([sameMailbox.status, sameMailbox.body.code, sameMailbox.body.detail]).toEqual([422, 'referral_self', 'The new member has the same email address as the referrer.']);

    const ben = await createMemberVia(t);
    const cleo = await createMemberVia(t);
    expect((await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: cleo })).status).toBe(201);
    const mutual = await call(t, 'POST', '/v1/referrals', { code: await codeOf(cleo), memberId: ben });
    expect([mutual.status, mutual.body.code]).toEqual([422, 'referral_self']);
  });

  it('refers a member once: a second code is 409, a retry with the same Idempotency-Key replays, a race has one winner', async () => {
    const [ben, dana, eve] = [await createMemberVia(t), await createMemberVia(t), await createMemberVia(t)];
    const newcomer = await createMemberVia(t);
    const headers = { 'idempotency-key': `refer-${newcomer}` };
    const first = await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: newcomer }, { headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: newcomer }, { headers });
    expect([replay.status, replay.headers['idempotent-replayed'], replay.body]).toEqual([201, 'true', first.body]);
    const second = await call(t, 'POST', '/v1/referrals', { code: await codeOf(dana), memberId: newcomer });
    expect([second.status, second.body.code]).toEqual([409, 'member_already_referred']);

    const contested = await createMemberVia(t);
    const [danaCode, eveCode] = [await codeOf(dana), await codeOf(eve)];
    const race = await Promise.all([danaCode, eveCode, danaCode, eveCode].map((code) => call(t, 'POST', '/v1/referrals', { code, memberId: contested })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const [rows] = await t.db.query<{ n: number }>('select count(*)::int8 as n from referrals where referee_id = $1', [contested]);
    expect(rows!.n).toBe(1);
  });

  it('refers only new members: none who bought already, none who joined longer ago than the qualifying days', async () => {
    const ben = await createMemberVia(t);
    const buyer = await createMemberVia(t);
    expect((await call(t, 'POST', '/v1/orders', orderBody(buyer, [{ unitPrice: 500 }]))).status).toBe(201);
    const bought = await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: buyer });
    expect([bought.status, bought.body.code, bought.body.detail]).toEqual([422, 'referral_member_not_new', 'Only a new member can be referred: they have already made a purchase.']);

    const old = await createMemberVia(t);
    const start = t.now();
    t.setNow(new Date(start.getTime() + 30 * 86_400_000));
    try {
      const late = await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: old });
      expect([late.status, late.body.code]).toEqual([422, 'referral_member_not_new']);
    } finally {
      t.setNow(start);
    }
  });
});

describe('completion', () => {
  it('rewards both on the first qualifying purchase, once, with entries that explain themselves', async () => {
    const ben = await createMemberVia(t, { name: 'Ben Miller' });
    const anna = await createMemberVia(t, { name: 'Anna Schmidt' });
    const code = await codeOf(ben);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const attributed = await call(t, 'POST', '/v1/referrals', { code: typed, memberId: anna }, { role: 'staff' });
    expect(attributed.status, JSON.stringify(attributed.body)).toBe(201);
    expect(attributed.body).toMatchObject({ referrerId: ben, refereeId: anna, code, status: 'pending', orderId: null, terms: { referrerPoints: 500, refereePoints: 300 } });
    expect(attributed.body.explanation).toBe('Waiting for a first purchase of at least 20.00 EUR by 2026-07-01.');
    expect(await events('referral.attributed', ben)).toHaveLength(1);

    // Too small, then in another currency: neither qualifies.
    expect((await call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 1999 }]))).status).toBe(201);
    expect((await call(t, 'POST', '/v1/orders', { ...orderBody(anna, [{ unitPrice: 5000 }]), currency: 'USD' })).status).toBe(201);
    expect((await call(t, 'GET', `/v1/members/${ben}/referrals`)).body.data[0].status).toBe('pending');

    const qualifying = await call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 2500 }]));
    expect((await call(t, 'POST', '/v1/orders', orderBody(anna, [{ unitPrice: 9000 }]))).status).toBe(201);

    const report = await call(t, 'GET', `/v1/members/${ben}/referrals`, undefined, { role: 'analyst' });
    expect(report.body.counts).toEqual({ total: 1, pending: 0, completed: 1, rejected: 0, expired: 0, reversed: 0 });
    const done = report.body.data[0];
    expect(done).toMatchObject({ status: 'completed', orderId: qualifying.body.id, rewards: { referrer: { points: 500, skipped: null }, referee: { points: 300 } } });
    expect(done.explanation).toBe(`Completed on 2026-06-01 with order ${qualifying.body.id}: 500 points to the referrer, 300 to the new member.`);
    expect((await call(t, 'GET', `/v1/members/${anna}/referrals`)).body.referredBy).toMatchObject({ id: done.id, referrerId: ben });

    expect(await explanations(ben)).toContain('Referral bonus: Anna joined with your code: 500 points. Expires 2027-06-01.');
    expect(await explanations(anna)).toContain('Welcome bonus: you joined with Ben’s code: 300 points. Expires 2027-06-01.');
    expect((await call(t, 'GET', `/v1/members/${ben}/balance`)).body.available).toBe(500);
    expect(await events('referral.completed', ben)).toEqual([
      { referralId: done.id, referrerId: ben, refereeId: anna, orderId: qualifying.body.id, referrerPoints: 500, refereePoints: 300, referrerSkipped: null },
    ]);
    await expectLedgerClean(t);

    // Erasing Anna takes her name out of Ben's entry.
    await call(t, 'POST', `/v1/members/${anna}/erase`);
    expect(await explanations(ben)).toContain('Referral bonus: a friend joined with your code: 500 points. Expires 2027-06-01.');
  });

  it('rejects instead of completing when the new member pays like the referrer', async () => {
    const ben = await createMemberVia(t);
    const sibling = await createMemberVia(t);
    expect((await call(t, 'POST', '/v1/referrals', { code: await codeOf(ben), memberId: sibling })).status).toBe(201);
    expect((await call(t, 'POST', '/v1/orders', { ...orderBody(ben, [{ unitPrice: 800 }]), paymentFingerprint: 'fp_family_card' })).status).toBe(201);
    expect((await call(t, 'POST', '/v1/orders', { ...orderBody(sibling, [{ unitPrice: 4000 }]), paymentFingerprint: 'fp_family_card' })).status).toBe(201);

    const [referral] = (await call(t, 'GET', `/v1/members/${ben}/referrals`)).body.data;
    expect(referral).toMatchObject({ status: 'rejected', reason: 'payment_shared', rewards: { referrer: { points: 0, entryId: null }, referee: { points: 0, entryId: null } } });
    expect((await call(t, 'GET', `/v1/members/${sibling}/ledger`)).body.data.every((e: { kind: string; orderId: string | null }) => e.orderId !== null)).toBe(true);
    expect(await events('referral.rejected', ben)).toHaveLength(1);
    const tooLong = await call(t, 'POST', '/v1/orders', { ...orderBody(sibling, [{ unitPrice: 100 }]), paymentFingerprint: 'x'.repeat(129) });
    expect(tooLong.status).toBe(400);
  });
});

describe('admin list', () => {
  it('pages all referrals by id and filters by status', async () => {
    const first = await call(t, 'GET', '/v1/referrals?limit=1');
    expect(first.body).toMatchObject({ hasMore: true, nextCursor: first.body.data[0].id });
    const next = await call(t, 'GET', `/v1/referrals?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.data[0].id > first.body.data[0].id).toBe(true);
    const completed = await call(t, 'GET', '/v1/referrals?status=completed&limit=200', undefined, { role: 'analyst' });
    expect(completed.body.data.length).toBeGreaterThan(0);
    expect(completed.body.data.every((r: { status: string }) => r.status === 'completed')).toBe(true);
    expect((await call(t, 'GET', '/v1/referrals?status=won')).status).toBe(400);
    expect((await call(t, 'GET', '/v1/referrals?cursor=abc')).status).toBe(400);
  });
});
