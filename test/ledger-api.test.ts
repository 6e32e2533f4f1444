import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matureDueLots } from '../src/modules/ledger/jobs.js';
import { createBalanceReader } from '../src/modules/ledger/balance-reader.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

const d = (iso: string) => new Date(iso);

async function balanceOf(memberId: string, app: TestApp = t) {
  const response = await call(app, 'GET', `/v1/members/${memberId}/balance`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Every entry of the member, newest first, following the cursor. */
async function allEntries(memberId: string, limit = 200, app: TestApp = t): Promise<any[]> {
  const entries: any[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/v1/members/${memberId}/ledger?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await call(app, 'GET', url);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    entries.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
}

async function order(memberId: string, lines: Parameters<typeof orderBody>[1], occurredAt: string, app: TestApp = t) {
  const response = await call(app, 'POST', '/v1/orders', orderBody(memberId, lines, occurredAt));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function redeem(memberId: string, points: number, app: TestApp = t) {
  return call(app, 'POST', `/v1/members/${memberId}/redemptions`, { points });
}

async function dbState(memberId: string) {
  const [account] = await t.db.query('select * from accounts where member_id = $1', [memberId]);
  const lots = await t.db.query('select id, status, remaining from point_lots where member_id = $1 order by id', [memberId]);
  const entries = await t.db.query('select id from ledger_entries where member_id = $1 order by id', [memberId]);
  const allocations = await t.db.query('select entry_id, lot_id, points from entry_allocations where member_id = $1 order by entry_id, lot_id', [memberId]);
  return { account, lots, entries, allocations };
}

describe('pending and available', () => {
  it('points are pending for the return window, then available on read without any write', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const placed = await order(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }], '2026-06-01T10:00:00Z');
    expect(placed.earned).toMatchObject({ points: 34, availableAt: '2026-07-01T10:00:00.000Z', expiresAt: '2027-07-01T10:00:00.000Z' });
    expect(placed.earned.explanation).toContain('Pending until 2026-07-01');

    expect(await balanceOf(memberId)).toMatchObject({
      available: 0,
      pending: 34,
      debt: 0,
      lifetime: { earned: 34, spent: 0, expired: 0, clawedBack: 0, adjusted: 0 },
      nextLots: [{ lotId: placed.earned.lotId, points: 34, status: 'pending', availableAt: '2026-07-01T10:00:00.000Z', expiresAt: '2027-07-01T10:00:00.000Z' }],
      asOf: '2026-06-01T12:00:00.000Z',
    });
    // Pending points cannot be spent.
    const early = await redeem(memberId, 1);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('points_insufficient');

    t.setNow(d('2026-07-01T09:59:59.999Z'));
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, pending: 34 });

    t.setNow(d('2026-07-01T10:00:00Z'));
    expect(await balanceOf(memberId)).toMatchObject({
      available: 34,
      pending: 0,
      nextLots: [{ lotId: placed.earned.lotId, points: 34, status: 'available' }],
    });
    // Lazy: nothing was written; the lot and cached figures still say pending.
    const before = await dbState(memberId);
    expect(before.lots).toEqual([expect.objectContaining({ status: 'pending', remaining: 34 })]);
    expect(before.account).toMatchObject({ available: 0, pending: 34 });
    // The ledger reads the lot as of now too, before anything is written.
    const [earning] = await allEntries(memberId);
    expect(earning.lot).toMatchObject({ status: 'available', remaining: 34 });
    expect(earning.explanation).not.toContain('Pending until');
    await expectLedgerClean(t);

    // The maturity job (or the next write) materializes it; a second run has nothing to do.
    await matureDueLots(t.db, t.now());
    const after = await dbState(memberId);
    expect(after.lots).toEqual([expect.objectContaining({ status: 'available', remaining: 34 })]);
    expect(after.account).toMatchObject({ available: 34, pending: 0 });
    expect(await matureDueLots(t.db, t.now())).toEqual({ members: 0 });
    expect(await dbState(memberId)).toEqual(after);
    expect(await balanceOf(memberId)).toMatchObject({ available: 34, pending: 0 });
    await expectLedgerClean(t);
  });

  it('balance lists at most five lots with points left, soonest-expiring first', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const days = ['2026-05-20', '2026-05-01', '2026-05-25', '2026-04-10', '2026-05-10', '2026-05-30'];
    for (const [index, day] of days.entries()) await order(memberId, [{ unitPrice: 100 * (index + 1) }], `${day}T08:00:00Z`);
    const balance = await balanceOf(memberId);
    // Unlocked: orders of 04-10 (4 pts), 05-01 (2 pts); pending: the rest (1 + 3 + 5 + 6).
    expect(balance).toMatchObject({ available: 6, pending: 15, lifetime: { earned: 21 } });
    expect(balance.nextLots).toHaveLength(5);
    const expiries = balance.nextLots.map((lot: { expiresAt: string }) => lot.expiresAt);
    expect(expiries).toEqual([...expiries].sort());
    expect(balance.nextLots.map((lot: { points: number; status: string }) => [lot.points, lot.status])).toEqual([
      [4, 'available'],
      [2, 'available'],
      [5, 'pending'],
      [1, 'pending'],
      [3, 'pending'],
    ]);
    expect(balance.nextLots[0].expiresAt).toBe('2027-05-10T08:00:00.000Z');
  });
});

describe('concurrent balance reads', () => {
  it('share statements, and each read gets exactly its own member’s balance (or its 404)', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const members = [await createMemberVia(t), await createMemberVia(t), await createMemberVia(t)];
    await order(members[0]!, [{ unitPrice: 1000 }], '2026-04-01T08:00:00Z');
    await order(members[1]!, [{ unitPrice: 700 }, { unitPrice: 300, quantity: 3 }], '2026-05-30T08:00:00Z');
    const alone = [await balanceOf(members[0]!), await balanceOf(members[1]!), await balanceOf(members[2]!)];
    expect(alone.map((b) => [b.available, b.pending])).toEqual([[10, 0], [0, 16], [0, 0]]);

    const unknown = 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t';
    const ids = Array.from({ length: 40 }, (_, i) => (i % 7 === 6 ? unknown : members[i % 3]!));
    const responses = await Promise.all(ids.map((id) => call(t, 'GET', `/v1/members/${id}/balance`)));
    responses.forEach((response, i) => {
      if (ids[i] === unknown) expect([response.status, response.body.code]).toEqual([404, 'member_not_found']);
      else expect(response.body).toEqual(alone[members.indexOf(ids[i]!)]);
    });

    // The reader itself: 30 reads at once go as a few statements, not 30, each with its own `now`.
    const read = createBalanceReader(t.db);
    const later = d('2026-07-15T12:00:00Z');
    const results = await Promise.all(ids.slice(0, 30).map((id, i) => read(id, i % 2 ? later : t.now()).catch((error: Error) => error.message)));
    expect(read.stats.batches).toBeGreaterThan(0);
    expect(read.stats.batchedJobs).toBeGreaterThan(20);
    results.forEach((result, i) => {
      if (ids[i] === unknown) return expect(result).toBe(`No member ${unknown}.`);
      const balance = result as { memberId: string; asOf: string; pending: number };
      expect(balance.memberId).toBe(ids[i]);
      expect(balance.asOf).toBe((i % 2 ? later : t.now()).toISOString());
      // By mid-July member 1's points (pending at 06-01) have unlocked.
      if (ids[i] === members[1]) expect(balance.pending).toBe(i % 2 ? 0 : 16);
    });
  });
});

describe('ledger listing', () => {
  it('pages newest first with a cursor; each entry explains itself (order lines, lots consumed)', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const placed = await order(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }], '2026-06-01T10:00:00Z');
    t.setNow(d('2026-07-15T00:00:00Z'));
    expect((await redeem(memberId, 30)).status).toBe(201);
    expect((await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 5, reason: 'birthday gift' })).status).toBe(201);
    expect((await redeem(memberId, 6)).status).toBe(201);
    expect((await call(t, 'POST', `/v1/orders/${placed.id}/refunds`, { lines: [{ lineId: 'l2', quantity: 1 }] })).status).toBe(201);

    const all = await allEntries(memberId);
    expect(all.map((e) => e.kind)).toEqual(['clawback', 'redeem', 'adjust', 'redeem', 'earn']);
    const ids = all.map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    // Paged by two: the same entries, each once, same order.
    const paged = await allEntries(memberId, 2);
    expect(paged.map((e) => e.id)).toEqual(ids);
    const first = await call(t, 'GET', `/v1/members/${memberId}/ledger?limit=2`);
    expect(first.body).toMatchObject({ hasMore: true, nextCursor: ids[1] });
    const last = await call(t, 'GET', `/v1/members/${memberId}/ledger?limit=2&cursor=${ids[3]}`);
    expect(last.body).toMatchObject({ data: [expect.objectContaining({ id: ids[4] })], hasMore: false, nextCursor: null });

    const [clawback, secondRedeem, adjust, firstRedeem, earn] = all;
    const orderLot = placed.earned.lotId as string;
    expect(earn).toMatchObject({
      points: 34,
      orderId: placed.id,
      details: { rule: 'base rate', lines: [{ lineId: 'l1', points: 24 }, { lineId: 'l2', points: 10 }] },
      lot: { id: orderLot, points: 34, status: 'available', expiresAt: '2027-07-01T10:00:00.000Z' },
      allocations: [],
    });
    expect(earn.explanation).toBe(
      `Earned 34 points on order ${placed.id} by the base rate (line l1: 24, line l2: 10). Expires 2027-07-01.`,
    );
    expect(firstRedeem).toMatchObject({ points: -30, allocations: [{ lotId: orderLot, points: 30 }], lot: null });
    expect(firstRedeem.explanation).toBe(`Redeemed 30 points. Taken from: 30 points from ${orderLot}.`);
    expect(adjust).toMatchObject({ points: 5, reason: 'birthday gift', lot: { points: 5, status: 'available' } });
    expect(adjust.actor).toMatch(/^key_/);
    expect(adjust.explanation).toBe('Added 5 points by adjustment. Reason: birthday gift.');
    // The order lot expires first (2027-07-01), the adjustment's lot later (2027-07-15).
    expect(secondRedeem.allocations).toEqual(
      [{ lotId: orderLot, points: 4 }, { lotId: adjust.lot.id, points: 2 }].sort((a, b) => (a.lotId < b.lotId ? -1 : 1)),
    );
    // Refund of l2 (10 points): the order lot is empty, 3 come from the adjustment lot, 7 are owed.
    expect(clawback).toMatchObject({
      points: -10,
      orderId: placed.id,
      refundId: expect.stringMatching(/^ref_/),
      details: { debt: 7, lines: [{ lineId: 'l2', quantity: 1, points: 10 }] },
      allocations: [{ lotId: adjust.lot.id, points: 3 }],
    });
    expect(clawback.explanation).toBe(
      `Clawed back 10 points for items returned from order ${placed.id}. 7 points had already been spent and are owed. Taken from: 3 points from ${adjust.lot.id}.`,
    );
    expect(await balanceOf(memberId)).toMatchObject({ available: -7, debt: 7, lifetime: { earned: 34, spent: 36, clawedBack: 10, adjusted: 5 } });
    await expectLedgerClean(t);
  });

  it('unknown member is 404; a member without entries lists nothing', async () => {
    const missing = await call(t, 'GET', '/v1/members/mem_00000000000000000000000000/ledger');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('member_not_found');
    const memberId = await createMemberVia(t);
    const empty = await call(t, 'GET', `/v1/members/${memberId}/ledger`);
    expect(empty.body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });
});

describe('redemption order', () => {
  it('spends the soonest-expiring lot first, regardless of when it was recorded', async () => {
    t.setNow(d('2026-07-15T00:00:00Z'));
    const memberId = await createMemberVia(t);
    // Recorded first but expires later (unlocks 2026-07-10, expires 2027-07-10).
    const later = await order(memberId, [{ unitPrice: 1000 }], '2026-06-10T00:00:00Z');
    // Recorded second but expires sooner (unlocks 2026-05-31, expires 2027-05-31).
    const sooner = await order(memberId, [{ unitPrice: 2000 }], '2026-05-01T00:00:00Z');
    expect(sooner.earned.expiresAt < later.earned.expiresAt).toBe(true);
    expect(await balanceOf(memberId)).toMatchObject({ available: 30, pending: 0 });

    const first = await redeem(memberId, 25);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ points: -25, balance: { available: 5, pending: 0 } });
    const [entry] = await allEntries(memberId);
    expect(entry.id).toBe(first.body.entryId);
    expect(new Map(entry.allocations.map((a: { lotId: string; points: number }) => [a.lotId, a.points]))).toEqual(
      new Map([
        [sooner.earned.lotId, 20],
        [later.earned.lotId, 5],
      ]),
    );

    const second = await redeem(memberId, 5);
    expect(second.status).toBe(201);
    expect((await allEntries(memberId))[0].allocations).toEqual([{ lotId: later.earned.lotId, points: 5 }]);
    const over = await redeem(memberId, 1);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'points_insufficient', detail: 'Requested 1 points but only 0 are available.' });
    await expectLedgerClean(t);
  });
});

describe('adjustments', () => {
  it('admin only, reason required; positive adds available points, negative never overdraws', async () => {
    t.setNow(d('2026-07-15T00:00:00Z'));
    const memberId = await createMemberVia(t);
    const url = `/v1/members/${memberId}/adjustments`;

    expect((await call(t, 'POST', url, { points: 10, reason: 'goodwill' }, { role: 'staff' })).status).toBe(403);
    for (const body of [{ points: 10 }, { points: 10, reason: '  ' }, { points: 10, reason: 'ab' }, { points: 0, reason: 'nothing' }, { points: 1.5, reason: 'half' }]) {
      const refused = await call(t, 'POST', url, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
    }

    const added = await call(t, 'POST', url, { points: 50, reason: 'goodwill' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ memberId, points: 50, balance: { available: 50, pending: 0 } });
    const [entry] = await allEntries(memberId);
    expect(entry).toMatchObject({ id: added.body.entryId, kind: 'adjust', reason: 'goodwill', lot: { points: 50, availableAt: '2026-07-15T00:00:00.000Z', expiresAt: '2027-07-15T00:00:00.000Z' } });

    const overdraw = await call(t, 'POST', url, { points: -51, reason: 'too much' });
    expect(overdraw.status).toBe(422);
    expect(overdraw.body.code).toBe('points_insufficient');
    expect(await balanceOf(memberId)).toMatchObject({ available: 50, lifetime: { adjusted: 50 } });

    const removed = await call(t, 'POST', url, { points: -20, reason: 'correction' });
    expect(removed.status).toBe(201);
    expect(removed.body).toMatchObject({ points: -20, balance: { available: 30 } });
    const all = await call(t, 'POST', url, { points: -30, reason: 'correction' });
    expect(all.status).toBe(201);
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, lifetime: { adjusted: 0 } });
    expect((await call(t, 'POST', url, { points: -1, reason: 'one more' })).status).toBe(422);
    await expectLedgerClean(t);
  });

  it('a negative adjustment cannot take pending points', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    await order(memberId, [{ unitPrice: 3400 }], '2026-06-01T10:00:00Z');
    const refused = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: -1, reason: 'take pending' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('points_insufficient');
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, pending: 34 });
  });
});

describe('reversals', () => {
  it('reverses a redemption once; a reversal itself cannot be reversed', async () => {
    t.setNow(d('2026-07-15T00:00:00Z'));
    const memberId = await createMemberVia(t);
    await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 40, reason: 'welcome' });
    const redemption = await redeem(memberId, 25);
    const url = (entryId: string) => `/v1/members/${memberId}/ledger/${entryId}/reversal`;

    expect((await call(t, 'POST', url(redemption.body.entryId), { reason: 'till error' }, { role: 'staff' })).status).toBe(403);
    expect((await call(t, 'POST', url(redemption.body.entryId), {})).status).toBe(400);

    const reversal = await call(t, 'POST', url(redemption.body.entryId), { reason: 'till error' });
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
    expect(reversal.body).toMatchObject({ points: 25, balance: { available: 40 } });
    const [entry] = await allEntries(memberId);
    expect(entry).toMatchObject({
      id: reversal.body.entryId,
      kind: 'reversal',
      reversesEntryId: redemption.body.entryId,
      reason: 'till error',
      lot: { points: 25, status: 'available' },
    });
    expect(entry.explanation).toBe(`Reversal of ${redemption.body.entryId}: +25 points. Reason: till error.`);

    const twice = await call(t, 'POST', url(redemption.body.entryId), { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('entry_already_reversed');

    const ofReversal = await call(t, 'POST', url(reversal.body.entryId), { reason: 'undo the undo' });
    expect(ofReversal.status).toBe(422);
    expect(ofReversal.body.code).toBe('entry_not_reversible');

    const unknown = await call(t, 'POST', url('txn_00000000000000000000000000'), { reason: 'nothing' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('entry_not_found');
    // Another member's entry is not found under this member.
    const other = await createMemberVia(t);
    const foreign = await call(t, 'POST', `/v1/members/${other}/ledger/${redemption.body.entryId}/reversal`, { reason: 'wrong member' });
    expect(foreign.status).toBe(404);

    // Spent stays as booked; the reversal is its own line.
    expect(await balanceOf(memberId)).toMatchObject({ available: 40, lifetime: { spent: 25, adjusted: 40 } });
    await expectLedgerClean(t);
  });

  it('refuses to reverse an order earning (its points move only with refunds), writing nothing', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const placed = await order(memberId, [{ unitPrice: 2000 }], '2026-06-01T10:00:00Z');
    const before = await allEntries(memberId);
    const reversal = await call(t, 'POST', `/v1/members/${memberId}/ledger/${placed.earned.entryId}/reversal`, { reason: 'fraudulent order' });
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(422);
    expect(reversal.body.code).toBe('entry_not_reversible');
    expect(reversal.body.detail).toContain(placed.id);
    expect(await allEntries(memberId)).toEqual(before);
    // The way to take them back: refund the order; that cannot then happen twice.
    const refund = await call(t, 'POST', `/v1/orders/${placed.id}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, pending: 0 });
    await expectLedgerClean(t);
  });

  it('reversing a grant already spent leaves a debt, paid from the next points that unlock', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const grant = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points: 15, reason: 'goodwill' });
    expect(grant.status).toBe(201);
    expect((await redeem(memberId, 10)).status).toBe(201);
    const withDebt = await call(t, 'POST', `/v1/members/${memberId}/ledger/${grant.body.entryId}/reversal`, { reason: 'granted to the wrong member' });
    expect(withDebt.status, JSON.stringify(withDebt.body)).toBe(201);
    expect(withDebt.body).toMatchObject({ points: -15, balance: { available: -10, pending: 0 }, debt: 10 });
    const [debtEntry] = await allEntries(memberId);
    expect(debtEntry).toMatchObject({ kind: 'reversal', details: { debt: 10 }, allocations: [{ lotId: expect.any(String), points: 5 }] });
    expect(await balanceOf(memberId)).toMatchObject({ available: -10, debt: 10 });

    await order(memberId, [{ unitPrice: 2500 }], '2026-06-01T11:00:00Z');
    t.setNow(d('2026-07-15T00:00:00Z'));
    expect(await balanceOf(memberId)).toMatchObject({ available: 15, pending: 0, debt: 0 });
    await expectLedgerClean(t);
  });
});

describe('expiry', () => {
  it('a back-dated redemption cannot spend points that have expired by the server clock', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    await order(memberId, [{ unitPrice: 3400 }], '2026-06-01T10:00:00Z');
    t.setNow(d('2027-07-02T00:00:00Z'));
    const backdated = await call(t, 'POST', `/v1/members/${memberId}/redemptions`, { points: 10, occurredAt: '2027-06-15T00:00:00Z' });
    expect(backdated.status, JSON.stringify(backdated.body)).toBe(422);
    expect(backdated.body.code).toBe('points_insufficient');
    await expectLedgerClean(t);
  });

  it('lapsed points count as expired on read; the job books them once, a second run changes nothing', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const placed = await order(memberId, [{ unitPrice: 3400 }], '2026-06-01T10:00:00Z');
    t.setNow(d('2026-07-15T00:00:00Z'));
    expect((await redeem(memberId, 4)).status).toBe(201);

    t.setNow(d('2027-07-01T09:59:59Z'));
    expect(await balanceOf(memberId)).toMatchObject({ available: 30, lifetime: { expired: 0 } });
    t.setNow(d('2027-07-01T10:00:00Z'));
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, pending: 0, nextLots: [], lifetime: { earned: 34, spent: 4, expired: 30 } });
    const spend = await redeem(memberId, 1);
    expect(spend.status).toBe(422);

    const first = await matureDueLots(t.db, t.now());
    expect(first.members).toBeGreaterThanOrEqual(1);
    const booked = await dbState(memberId);
    expect(booked.account).toMatchObject({ available: 0, lifetime_expired: 30 });
    expect(booked.lots).toEqual([expect.objectContaining({ id: placed.earned.lotId, status: 'expired', remaining: 0 })]);

    expect(await matureDueLots(t.db, t.now())).toEqual({ members: 0 });
    expect(await dbState(memberId)).toEqual(booked);

    const [expire] = await allEntries(memberId);
    expect(expire).toMatchObject({ kind: 'expire', points: -30, allocations: [{ lotId: placed.earned.lotId, points: 30 }] });
    expect(expire.explanation).toBe(`30 points expired unused. Taken from: 30 points from ${placed.earned.lotId}.`);
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, lifetime: { expired: 30 } });
    await expectLedgerClean(t);
  });
});

describe('refund clawback', () => {
  it('claws back exactly the refunded lines’ points, in steps, even when already spent (debt)', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    // l1: 2 × 12.50 → 24 points, l2: 9.99 → 10 points (largest remainder).
    const placed = await order(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }], '2026-06-01T10:00:00Z');
    expect(placed.lines.map((l: { points: number }) => l.points)).toEqual([24, 10]);
    t.setNow(d('2026-07-15T00:00:00Z'));
    expect((await redeem(memberId, 30)).status).toBe(201);
    const refundUrl = `/v1/orders/${placed.id}/refunds`;

    const r1 = await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l2', quantity: 1 }], reason: 'broken' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body).toMatchObject({ amount: 999, points: 10, debt: 6, forgiven: 0, lines: [{ lineId: 'l2', quantity: 1, amount: 999, points: 10 }] });
    const r2 = await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(r2.body).toMatchObject({ amount: 1250, points: 12, debt: 12 });
    const r3 = await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(r3.body).toMatchObject({ amount: 1250, points: 12, debt: 12 });
    const r4 = await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(r4.status).toBe(422);
    expect(r4.body.code).toBe('refund_exceeds_order');

    expect(await balanceOf(memberId)).toMatchObject({ available: -30, pending: 0, debt: 30, lifetime: { earned: 34, spent: 30, clawedBack: 34 } });
    await expectLedgerClean(t);

    // The debt is paid from the next points that unlock.
    const next = await order(memberId, [{ unitPrice: 5000 }], '2026-07-14T00:00:00Z');
    expect(await balanceOf(memberId)).toMatchObject({ available: -30, pending: 50, debt: 30 });
    t.setNow(d('2026-08-14T00:00:00Z'));
    expect(await balanceOf(memberId)).toMatchObject({ available: 20, pending: 0 });
    await matureDueLots(t.db, t.now());
    expect(await balanceOf(memberId)).toMatchObject({ available: 20, pending: 0, debt: 0, nextLots: [{ lotId: next.earned.lotId, points: 20 }] });
    const clawbacks = (await allEntries(memberId)).filter((e) => e.kind === 'clawback');
    expect(clawbacks.map((e) => e.allocations.reduce((sum: number, a: { points: number }) => sum + a.points, 0))).toEqual([12, 12, 10]);
    await expectLedgerClean(t);
  });

  it('lists a member’s orders newest first with their lines and refunds, a page at a time', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    const older = await order(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }], '2026-05-20T10:00:00Z');
    const newer = await order(memberId, [{ unitPrice: 500 }], '2026-05-30T10:00:00Z');
    // Recorded last but bought first: sorted by when it occurred.
    const oldest = await order(memberId, [{ unitPrice: 300 }], '2026-05-01T10:00:00Z');
    const refund = await call(t, 'POST', `/v1/orders/${older.id}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }], reason: 'cracked' });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);

    const first = await call(t, 'GET', `/v1/members/${memberId}/orders?limit=2`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.map((o: { id: string }) => o.id)).toEqual([newer.id, older.id]);
    expect(first.body).toMatchObject({ hasMore: true, nextCursor: older.id });
    expect(first.body.data[1]).toMatchObject({
      total: 3499,
      points: 34,
      lines: [{ lineId: 'l1', quantity: 2, amount: 2500, refundedQuantity: 1 }, { lineId: 'l2', quantity: 1, amount: 999, refundedQuantity: 0 }],
      refunds: [{ id: refund.body.id, amount: 1250, points: 12, reason: 'cracked', occurredAt: '2026-06-01T12:00:00.000Z', lines: [{ lineId: 'l1', quantity: 1, amount: 1250 }] }],
    });
    expect(first.body.data[0].refunds).toEqual([]);
    const second = await call(t, 'GET', `/v1/members/${memberId}/orders?limit=2&cursor=${older.id}`);
    expect(second.body).toMatchObject({ data: [{ id: oldest.id }], hasMore: false, nextCursor: null });

    expect((await call(t, 'GET', `/v1/members/${await createMemberVia(t)}/orders`)).body).toEqual({ data: [], hasMore: false, nextCursor: null });
    const unknown = await call(t, 'GET', '/v1/members/mem_00000000000000000000000000/orders');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'member_not_found']);
  });

  it('per-unit clawback is exact over several partial refunds; a line that earned nothing claws nothing', async () => {
    t.setNow(d('2026-06-01T12:00:00Z'));
    const memberId = await createMemberVia(t);
    // l1: 3 × 3.33 = 9.99 and l2: 0.01 → 10 points in all, all of them on l1.
    const placed = await order(memberId, [{ unitPrice: 333, quantity: 3 }, { unitPrice: 1 }], '2026-06-01T10:00:00Z');
    expect(placed.lines.map((l: { points: number }) => l.points)).toEqual([10, 0]);
    const refundUrl = `/v1/orders/${placed.id}/refunds`;
    const steps = [];
    for (let i = 0; i < 3; i++) steps.push((await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l1', quantity: 1 }] })).body);
    expect(steps.map((r) => [r.amount, r.points])).toEqual([
      [333, 3],
      [333, 3],
      [333, 4],
    ]);
    const nothing = await call(t, 'POST', refundUrl, { lines: [{ lineId: 'l2', quantity: 1 }] });
    expect(nothing.status).toBe(201);
    expect(nothing.body).toMatchObject({ amount: 1, points: 0, entryId: null });
    expect(await balanceOf(memberId)).toMatchObject({ available: 0, pending: 0, debt: 0, lifetime: { earned: 10, clawedBack: 10 } });
    await expectLedgerClean(t);
  });

  it('under the floor policy, spent points are forgiven and the balance never goes negative', async () => {
    const floor = await createTestApp({ clawbackPolicy: 'floor' });
    try {
      const memberId = await createMemberVia(floor);
      const placed = await order(memberId, [{ unitPrice: 1250, quantity: 2 }, { unitPrice: 999 }], '2026-06-01T10:00:00Z', floor);
      floor.setNow(d('2026-07-15T00:00:00Z'));
      expect((await redeem(memberId, 30, floor)).status).toBe(201);
      const refund = await call(floor, 'POST', `/v1/orders/${placed.id}/refunds`, { lines: [{ lineId: 'l2', quantity: 1 }] });
      expect(refund.body).toMatchObject({ points: 4, debt: 0, forgiven: 6 });
      const [entry] = await allEntries(memberId, 200, floor);
      expect(entry.explanation).toContain('6 points already spent were forgiven');
      expect(await balanceOf(memberId, floor)).toMatchObject({ available: 0, debt: 0, lifetime: { clawedBack: 4 } });
      const rest = await call(floor, 'POST', `/v1/orders/${placed.id}/refunds`, { lines: [{ lineId: 'l1', quantity: 2 }] });
      expect(rest.body).toMatchObject({ points: 0, debt: 0, forgiven: 24, entryId: null });
      expect(await balanceOf(memberId, floor)).toMatchObject({ available: 0, debt: 0 });
      await expectLedgerClean(floor);
    } finally {
      await floor.drop();
    }
  });
});
