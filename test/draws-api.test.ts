// Win-win draws over HTTP: entries earned by orders, events and by hand inside the window only, the
// commit-reveal draw with every prize awarded once, and the result checked again by `fidelis draws verify`.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedFromDump } from '../src/db/client.js';
import { sealClosedDraws } from '../src/modules/draws/sealing.js';
import { verifyDraw } from '../src/modules/draws/verify.js';
import { runFidelis, type CliResult } from './processes.js';
import { call, createMemberVia, createTestApp, expectLedgerClean, orderBody, testBackend, type TestApp } from './harness.js';


let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(join(tmpdir(), 'fidelis-draws-'));
});
afterAll(async () => {
  await t.drop();
  await rm(dir, { recursive: true, force: true });
});

function fidelis(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && !name.startsWith('FIDELIS_')));
  return runFidelis(args, { ...clean, ...env });
}

/** How a CLI child reaches this test's database: the PostgreSQL URL, or a copy of the embedded data directory. */
async function cliDatabase(): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
  if (testBackend === 'postgres') return { args: [], env: { DATABASE_URL: t.config.databaseUrl! } };
  const dataDir = join(dir, `db-${Date.now()}`);
  await openEmbeddedFromDump(dataDir, await t.db.dumpDataDir!()).close();
  return { args: ['--data-dir', dataDir], env: {} };
}

async function outbox(type: string): Promise<{ member_id: string | null; payload: Record<string, unknown> }[]> {
  return t.db.query('select member_id, payload from outbox where type = $1 order by id', [type]);
}

const OPENS = '2026-06-01T00:00:00Z';
const CLOSES = '2026-06-10T00:00:00Z';
const AFTER_CLOSE = new Date('2026-06-10T00:00:01Z');

const s = {} as {
  drawId: string;
  limitedId: string;
  rewardId: string;
  members: Record<'ann' | 'bob' | 'cat' | 'dan' | 'eve', string>;
  annOrderId: string;
};

describe('a win-win draw from creation to verification', () => {
  it('creates a campaign: seedHash published, seed secret, status open', async () => {
    s.rewardId = (await call(t, 'POST', '/v1/rewards', { name: 'Tote bag', kind: 'gift', pointsCost: 900, stock: 5 })).body.id;
    const created = await call(t, 'POST', '/v1/draws', {
      name: 'Summer win-win',
      description: 'Every coffee is an entry.',
      opensAt: OPENS,
      closesAt: CLOSES,
      prizes: [
        { name: 'Grand prize', quantity: 1, award: { type: 'text', text: 'A weekend in Lisbon' } },
        { name: 'Second prize', quantity: 1, award: { type: 'reward', rewardId: s.rewardId } },
      ],
      consolation: { name: 'Thank-you points', award: { type: 'points', points: 50 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', seed: null, entriesHash: null, drawnAt: null, maxEntriesPerMember: null });
    expect(created.body.id).toMatch(/^drw_/);
    expect(created.body.seedHash).toMatch(/^[0-9a-f]{64}$/);
    s.drawId = created.body.id;
    const limited = await call(t, 'POST', '/v1/draws', { name: 'Limited', opensAt: OPENS, closesAt: '2026-07-01T00:00:00Z', maxEntriesPerMember: 4, consolation: { name: 'Sticker', award: { type: 'text', text: 'A sticker' } } });
    expect(limited.status, JSON.stringify(limited.body)).toBe(201);
    s.limitedId = limited.body.id;
    const listed = await call(t, 'GET', '/v1/draws?limit=1');
    expect(listed.body).toMatchObject({ data: [{ id: s.limitedId }], hasMore: true });
  });

  it('earns entries through rules on orders and events, by hand, and the tier ladder’s extra entries', async () => {
    const ladder = {
      basis: 'visits',
      window: { type: 'rolling', days: 365 },
      tiers: [
        { id: 'member', name: 'Member', threshold: 0 },
        { id: 'regular', name: 'Regular', threshold: 1, benefits: { extraDrawEntries: 2 } },
      ],
    };
    expect((await call(t, 'PUT', '/v1/program/tiers', ladder)).status).toBe(200);
    const orderRule = {
      name: 'Coffee enters the draws',
      eventTypes: ['order'],
      effects: [
        { type: 'points_per_amount', points: 1, per: 100 },
        { type: 'draw_entries', campaignId: s.drawId, entries: 3 },
        { type: 'draw_entries', campaignId: s.limitedId, entries: 3 },
      ],
    };
    const reviewRule = { name: 'Reviews enter the draw', eventTypes: ['review_written'], effects: [{ type: 'fixed_points', points: 5 }, { type: 'draw_entries', campaignId: s.drawId, entries: 1 }] };
    for (const rule of [orderRule, reviewRule]) expect((await call(t, 'POST', '/v1/program/rules', rule)).status).toBe(201);

    const [ann, bob, cat, dan, eve] = [await createMemberVia(t), await createMemberVia(t), await createMemberVia(t), await createMemberVia(t), await createMemberVia(t)];
    s.members = { ann: ann!, bob: bob!, cat: cat!, dan: dan!, eve: eve! };
    const order = await call(t, 'POST', '/v1/orders', orderBody(s.members.ann, [{ unitPrice: 450 }]));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.earned.points).toBe(4);
    s.annOrderId = order.body.id;
    const review = await call(t, 'POST', '/v1/events', { eventId: 'review-1', memberId: s.members.bob, type: 'review_written', occurredAt: '2026-06-01T11:00:00Z' });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    // The same event again earns nothing more.
    expect((await call(t, 'POST', '/v1/events', { eventId: 'review-1', memberId: s.members.bob, type: 'review_written', occurredAt: '2026-06-01T11:00:00Z' })).status).toBe(200);
    const grant = { memberId: s.members.cat, entries: 5, reference: 'store-event-1' };
    const manual = await call(t, 'POST', `/v1/draws/${s.drawId}/entries`, grant, { role: 'integration' });
    expect(manual.status, JSON.stringify(manual.body)).toBe(201);
    expect(manual.body).toMatchObject({ memberId: s.members.cat, entries: 5, source: 'manual', sourceId: 'store-event-1' });
    const again = await call(t, 'POST', `/v1/draws/${s.drawId}/entries`, grant, { role: 'integration' });
    expect(again.body.id).toBe(manual.body.id);
    // Before the window opened: the order is recorded, the entries are not.
    const early = await call(t, 'POST', '/v1/orders', orderBody(s.members.dan, [{ unitPrice: 300 }], '2026-05-31T23:00:00Z'));
    expect(early.status, JSON.stringify(early.body)).toBe(201);

    const annEntries = await call(t, 'GET', `/v1/members/${s.members.ann}/draw-entries`);
    expect(annEntries.body.data.map((e: { campaignId: string; entries: number; source: string; sourceId: string }) => [e.campaignId, e.entries, e.source, e.sourceId]).sort()).toEqual(
      [[s.drawId, 3, 'order', s.annOrderId], [s.limitedId, 3, 'order', s.annOrderId]].sort(),
    );
    const bobEntries = await call(t, 'GET', `/v1/members/${s.members.bob}/draw-entries`);
    expect(bobEntries.body.data).toEqual([expect.objectContaining({ campaignId: s.drawId, entries: 1, source: 'event', sourceId: review.body.id })]);
    expect((await call(t, 'GET', `/v1/members/${s.members.dan}/draw-entries`)).body.data).toEqual([]);

    const page1 = await call(t, 'GET', `/v1/draws/${s.drawId}/entries?limit=2`);
    expect(page1.body).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    const page2 = await call(t, 'GET', `/v1/draws/${s.drawId}/entries?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.hasMore).toBe(false);
    expect([...page1.body.data, ...page2.body.data].map((e: { memberId: string }) => e.memberId)).toEqual([s.members.ann, s.members.bob, s.members.cat]);
  });

  it('holds the per-member maximum: a second order fills it, a manual grant past it is 422', async () => {
    const second = await call(t, 'POST', '/v1/orders', orderBody(s.members.ann, [{ unitPrice: 200 }]));
    expect(second.status).toBe(201);
    const limited = (await call(t, 'GET', `/v1/draws/${s.limitedId}/entries`)).body.data.filter((e: { memberId: string }) => e.memberId === s.members.ann);
    expect(limited.map((e: { entries: number }) => e.entries)).toEqual([3, 1]);
    const over = await call(t, 'POST', `/v1/draws/${s.limitedId}/entries`, { memberId: s.members.ann, entries: 1 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('draw_entry_limit_reached');
  });

  it('never fails an order over its draw entries: a failing insert is rolled back alone', async () => {
    await t.db.query('alter table draw_entries add constraint test_refuses_all check (entries < 0) not valid');
    try {
      const order = await call(t, 'POST', '/v1/orders', orderBody(s.members.eve, [{ unitPrice: 500 }]));
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      expect(order.body.earned.points).toBe(5);
    } finally {
      await t.db.query('alter table draw_entries drop constraint test_refuses_all');
    }
    expect((await call(t, 'GET', `/v1/members/${s.members.eve}/draw-entries`)).body.data).toEqual([]);
  });

  it('keeps entries when the order is refunded, and refuses to draw before the close', async () => {
    const refund = await call(t, 'POST', `/v1/orders/${s.annOrderId}/refunds`, { lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const early = await call(t, 'POST', `/v1/draws/${s.drawId}/draw`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('draw_not_closed');
    expect((await call(t, 'GET', `/v1/draws/${s.drawId}/results`)).body.code).toBe('draw_not_drawn');
  });

  it('after the close: late acts are ignored, the job seals the list with the tier entries and publishes its hash', async () => {
    t.setNow(AFTER_CLOSE);
    const late = await call(t, 'POST', '/v1/orders', orderBody(s.members.bob, [{ unitPrice: 500 }], '2026-06-09T23:00:00Z'));
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    const manual = await call(t, 'POST', `/v1/draws/${s.drawId}/entries`, { memberId: s.members.bob, entries: 1 });
    expect(manual.status).toBe(409);
    expect(manual.body.code).toBe('draw_not_open');
    expect((await call(t, 'GET', `/v1/draws/${s.drawId}`)).body).toMatchObject({ status: 'closed', entriesHash: null });

    expect(await sealClosedDraws(t.db, AFTER_CLOSE)).toEqual({ sealed: 1 });
    expect(await sealClosedDraws(t.db, AFTER_CLOSE)).toEqual({ sealed: 0 });
    const sealed = await call(t, 'GET', `/v1/draws/${s.drawId}`);
    // Ann: 3 + 3 from two orders, 2 as a Regular; Bob: 1 for his review, 2 as a Regular (his late order made him one); Cat: 5 by hand.
    expect(sealed.body).toMatchObject({ status: 'closed', entrants: 3, tickets: 16, seed: null, entriesHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const tierEntries = (await call(t, 'GET', `/v1/draws/${s.drawId}/entries?limit=200`)).body.data.filter((e: { source: string }) => e.source === 'tier');
    expect(tierEntries.map((e: { memberId: string; entries: number; sourceId: string }) => [e.memberId, e.entries, e.sourceId]).sort()).toEqual(
      [[s.members.ann, 2, 'regular'], [s.members.bob, 2, 'regular']].sort(),
    );
    expect(await outbox('draw.sealed')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ drawId: s.drawId, entriesHash: sealed.body.entriesHash }) })]);
  });

  it('draws once: reveals the seed, awards every entrant exactly one prize, writes the outbox; a second draw is 409', async () => {
    const drawn = await call(t, 'POST', `/v1/draws/${s.drawId}/draw`);
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    expect(drawn.body.draw).toMatchObject({ status: 'drawn', seed: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(createHash('sha256').update(Buffer.from(drawn.body.draw.seed, 'hex')).digest('hex')).toBe(drawn.body.draw.seedHash);
    expect(drawn.body.winners.map((w: { level: number; prize: string }) => [w.level, w.prize])).toEqual([[0, 'Grand prize'], [1, 'Second prize']]);
    expect(drawn.body.consolations).toBe(1);

    const results = await call(t, 'GET', `/v1/draws/${s.drawId}/results?limit=2`);
    expect(results.body.hasMore).toBe(true);
    const rest = await call(t, 'GET', `/v1/draws/${s.drawId}/results?limit=2&cursor=${results.body.nextCursor}`);
    const all = [...results.body.data, ...rest.body.data];
    expect(all.map((w: { memberId: string }) => w.memberId).sort()).toEqual([s.members.ann, s.members.bob, s.members.cat].sort());
    const second = all.find((w: { level: number }) => w.level === 1);
    expect(second.rewardCode).toMatch(/^[0-9A-Z]{10}$/);
    const codes = await call(t, 'GET', `/v1/members/${second.memberId}/rewards`);
    expect(codes.body.data).toEqual([expect.objectContaining({ code: second.rewardCode, rewardId: s.rewardId, status: 'issued', entryId: null })]);
    const consolation = all.find((w: { level: number }) => w.level === 2);
    expect(consolation.ledgerEntryId).toMatch(/^txn_/);
    const ledger = await call(t, 'GET', `/v1/members/${consolation.memberId}/ledger`);
    expect(ledger.body.data).toContainEqual(expect.objectContaining({ id: consolation.ledgerEntryId, points: 50 }));

    expect(await outbox('draw.drawn')).toHaveLength(1);
    expect((await outbox('draw.prize_awarded')).map((e) => e.member_id).sort()).toEqual(all.map((w: { memberId: string }) => w.memberId).sort());
    await expectLedgerClean(t);

    const twice = await call(t, 'POST', `/v1/draws/${s.drawId}/draw`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('draw_already_drawn');
    expect((await outbox('draw.prize_awarded')).length).toBe(3);
    const entries = await call(t, 'POST', `/v1/draws/${s.drawId}/entries`, { memberId: s.members.bob, entries: 1 });
    expect(entries.status).toBe(409);
    expect(entries.body.code).toBe('draw_already_drawn');
  });

  it('verifies: the export re-runs to the same winners, and a tampered one does not', async () => {
    const exported = await call(t, 'GET', `/v1/draws/${s.drawId}/export`);
    expect(exported.status).toBe(200);
    expect(verifyDraw(exported.body)).toMatchObject({ verified: true, checks: [{ check: 'seed', ok: true }, { check: 'entries', ok: true }, { check: 'winners', ok: true }] });
    const file = join(dir, 'draw.json');
    await writeFile(file, JSON.stringify(exported.body));
    const offline = await fidelis(['draws', 'verify', '--file', file, '--json']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ drawId: s.drawId, verified: true });

    const [first, second] = exported.body.results;
    const swapped = { ...exported.body, results: [{ ...first, memberId: second.memberId }, { ...second, memberId: first.memberId }, ...exported.body.results.slice(2)] };
    await writeFile(file, JSON.stringify(swapped));
    const tampered = await fidelis(['draws', 'verify', '--file', file]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('MISMATCH');
    expect(tampered.stdout).toMatch(/FAIL winners/);
  });

  it('fidelis draws verify <id> reads the database; export writes what verify --file checks; a changed entry fails', async () => {
    const cli = await cliDatabase();
    const verified = await fidelis([...cli.args, 'draws', 'verify', s.drawId], cli.env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('VERIFIED');
    const exported = await fidelis([...cli.args, 'draws', 'export', s.drawId], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual((await call(t, 'GET', `/v1/draws/${s.drawId}/export`)).body);

    await t.db.query(`update draw_entries set entries = entries + 1 where campaign_id = $1 and member_id = $2`, [s.drawId, s.members.bob]);
    const changed = await cliDatabase();
    const failed = await fidelis([...changed.args, 'draws', 'verify', s.drawId, '--json'], changed.env);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).checks).toContainEqual(expect.objectContaining({ check: 'entries', ok: false }));
    await t.db.query(`update draw_entries set entries = entries - 1 where campaign_id = $1 and member_id = $2`, [s.drawId, s.members.bob]);
  });
});

describe('bad input', () => {
  const valid = { name: 'Bad input', opensAt: '2026-07-01T00:00:00Z', closesAt: '2026-08-01T00:00:00Z', consolation: { name: 'Points', award: { type: 'points', points: 10 } } };

  it.each([
    ['closes before it opens', 400, 'validation_failed', { ...valid, closesAt: '2026-06-30T00:00:00Z' }],
    ['has no prize at all', 400, 'validation_failed', { ...valid, consolation: undefined }],
    ['gives fractional points', 400, 'validation_failed', { ...valid, consolation: { name: 'x', award: { type: 'points', points: 1.5 } } }],
    ['closes in the past', 422, 'draw_closes_in_past', { ...valid, opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T00:00:00Z' }],
    ['names an unknown reward', 422, 'draw_prize_reward_unknown', { ...valid, prizes: [{ name: 'Mug', quantity: 1, award: { type: 'reward', rewardId: 'rwd_01jd3x8k2q9v7c4m5n6p7r8s9t' } }] }],
  ])('creating one that %s → %i %s', async (_, status, code, body) => {
    const response = await call(t, 'POST', '/v1/draws', body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('unknown or malformed campaign ids, entries before the opening, unknown members', async () => {
    const unknown = 'drw_01jd3x8k2q9v7c4m5n6p7r8s9t';
    for (const [method, url] of [['GET', `/v1/draws/${unknown}`], ['POST', `/v1/draws/${unknown}/draw`], ['GET', `/v1/draws/${unknown}/entries`], ['GET', `/v1/draws/${unknown}/results`]] as const) {
      const response = await call(t, method, url);
      expect(response.status, url).toBe(404);
      expect(response.body.code).toBe('draw_not_found');
    }
    expect((await call(t, 'GET', '/v1/draws/not-a-draw')).status).toBe(400);
    const scheduled = await call(t, 'POST', '/v1/draws', { ...valid, opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-02-01T00:00:00Z' });
    expect(scheduled.body.status).toBe('scheduled');
    const member = await createMemberVia(t);
    const early = await call(t, 'POST', `/v1/draws/${scheduled.body.id}/entries`, { memberId: member, entries: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('draw_not_open');
    const nobody = await call(t, 'POST', `/v1/draws/${scheduled.body.id}/entries`, { memberId: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t', entries: 1 });
    expect(nobody.body.code).toBe('member_not_found');
    expect((await call(t, 'POST', `/v1/draws/${scheduled.body.id}/entries`, { memberId: member, entries: 0 })).status).toBe(400);
  });
});
