// Group commit of orders: concurrent orders share one statement, and a batch that cannot be applied
// whole falls back to one statement per order, so every request gets the answer it would have had alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlState } from '../src/db/client.js';
import { createApiKey } from '../src/modules/auth/service.js';
import type { ResponseClaim } from '../src/modules/idempotency/service.js';
import { getBalance } from '../src/modules/ledger/queries.js';
import { createMember, eraseMember } from '../src/modules/members/service.js';
import { createOrderRecorder } from '../src/modules/orders/batch.js';
import type { CreateOrderInput } from '../src/modules/orders/contract.js';
import { MemberNotActive, OrderAlreadyRecorded } from '../src/modules/orders/errors.js';
import { getOrder } from '../src/modules/orders/service.js';
import { ruleDefinition } from '../src/modules/program/contract.js';
import { RuleBook } from '../src/modules/program/rulebook.js';
import { createRule, retireRule } from '../src/modules/program/rules.js';
import { createTestDatabase, expectLedgerClean, type TestDatabase } from './harness.js';

let t: TestDatabase;
let apiKeyId: string;
const now = new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  apiKeyId = (await createApiKey(t.db, { name: 'batching', role: 'integration' })).id;
});
afterAll(() => t.drop());

async function newMember(): Promise<string> {
  return (await createMember(t.db, { name: 'Batch', marketingConsent: false }, now)).id;
}

function order(memberId: string, unitPrice: number, externalId?: string): CreateOrderInput {
  return {
    memberId,
    ...(externalId ? { externalId } : {}),
    currency: 'EUR',
    occurredAt: now.toISOString(),
    lines: [
      { lineId: 'a', sku: 'LATTE', category: 'coffee', quantity: 2, unitPrice },
      { lineId: 'b', sku: 'BUN', quantity: 1, unitPrice: 250 },
    ],
  } as CreateOrderInput;
}

function claim(key: string): ResponseClaim {
  return { scope: { apiKeyId, key, method: 'POST', path: '/v1/orders', fingerprint: `hash-${key}` }, status: 201 };
}

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`select count(*)::int8 as n from ${table} where ${where}`, params);
  return row!.n;
}

describe('orders recorded under concurrency share statements', () => {
  it('writes every order of a burst exactly once, batched, with its points, event and idempotent answer', async () => {
    const recorder = createOrderRecorder(t.db, t.config.program);
    const members = await Promise.all(Array.from({ length: 6 }, newMember));
    const burst = Array.from({ length: 40 }, (_, i) => ({ input: order(members[i % 6]!, 100 + i), key: `burst-${i}` }));
    const results = await Promise.all(burst.map(({ input, key }) => recorder.record(input, now, claim(key))));

    expect(recorder.stats.batches).toBeGreaterThan(0);
    expect(recorder.stats.batchedJobs).toBeGreaterThan(20);
    expect(recorder.stats.fallbacks).toBe(0);
    expect(new Set(results.map((r) => r.id)).size).toBe(40);
    for (const [i, result] of results.entries()) {
      expect(result.points).toBe(Math.floor((2 * (100 + i) + 250) / 100));
      // What the API stored is what a later GET shows.
      expect(await getOrder(t.db, result.id)).toEqual({ ...result, earned: result.earned && { ...result.earned } });
      const [stored] = await t.db.query<{ response_body: unknown }>('select response_body from idempotency_keys where key = $1', [burst[i]!.key]);
      expect(stored!.response_body).toEqual(result);
    }
    for (const memberId of members) {
      const expected = results.filter((r) => r.memberId === memberId).reduce((sum, r) => sum + r.points, 0);
      const balance = await getBalance(t.db, memberId, now);
      expect(balance).toMatchObject({ pending: expected, available: 0, lifetime: { earned: expected } });
      expect(await count('orders', 'member_id = $1', [memberId])).toBe(results.filter((r) => r.memberId === memberId).length);
    }
    expect(await count('outbox', `type = 'order.recorded' and payload->>'orderId' = any($1::text[])`, [results.map((r) => r.id)])).toBe(40);
    await expectLedgerClean(t);
  });

  it('gives each order of a refused batch its own answer: conflicts lose to the earlier request', async () => {
    const recorder = createOrderRecorder(t.db, t.config.program);
    const [alice, bob, erased] = await Promise.all([newMember(), newMember(), newMember()]);
    await t.db.transaction((tx) => eraseMember(tx, erased!, now));
    const before = await count('orders');
    const jobs: { input: CreateOrderInput; key: string | null }[] = [
      // The first two take the free slots; the rest wait and are sent as one batch.
      { input: order(alice!, 300), key: 'mixed-0' },
      { input: order(bob!, 300), key: 'mixed-1' },
      { input: order(alice!, 400), key: 'mixed-2' },
      { input: order(erased!, 400), key: 'mixed-3' },
      { input: order(bob!, 500, 'till-7-0042'), key: null },
      { input: order(alice!, 600, 'till-7-0042'), key: null },
      { input: order(bob!, 700), key: 'mixed-dup' },
      { input: order(bob!, 700), key: 'mixed-dup' },
      { input: order(alice!, 800), key: 'mixed-8' },
    ];
    const settled = await Promise.allSettled(jobs.map(({ input, key }) => recorder.record(input, now, key ? claim(key) : null)));

    expect(recorder.stats.fallbacks).toBe(1);
    const outcome = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason));
    expect(outcome.filter((o) => o === 'ok')).toHaveLength(6);
    expect(outcome[3]).toBeInstanceOf(MemberNotActive);
    expect(outcome[4]).toBe('ok');
    expect(outcome[5]).toBeInstanceOf(OrderAlreadyRecorded);
    expect(outcome[6]).toBe('ok');
    // The key's primary key refused the twin; the HTTP layer turns this into a replay of the first answer.
    expect(sqlState(outcome[7])).toBe('23505');
    expect(await count('orders')).toBe(before + 6);
    expect(await count('orders', 'member_id = $1', [erased])).toBe(0);
    expect(await count('idempotency_keys', 'key = $1', ['mixed-dup'])).toBe(1);
    await expectLedgerClean(t);
  });

  it('refuses, alone, an order whose number is a non-member\'s sale, and records its batch-mates', async () => {
    await t.db.query("insert into non_member_orders (id, external_id, currency, total, occurred_at) values ('ord_walkin0001', 'till-9-0001', 'EUR', 500, $1)", [now]);
    const recorder = createOrderRecorder(t.db, t.config.program);
    const [alice, bob] = await Promise.all([newMember(), newMember()]);
    const before = await count('orders');
    const jobs = [order(alice!, 300), order(bob!, 300), order(alice!, 400), order(bob!, 500, 'till-9-0001'), order(alice!, 600, 'till-9-0002')];
    const settled = await Promise.allSettled(jobs.map((input) => recorder.record(input, now, null)));

    expect(recorder.stats.fallbacks).toBe(1);
    const outcome = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason));
    expect(outcome).toEqual(['ok', 'ok', 'ok', expect.any(OrderAlreadyRecorded), 'ok']);
    expect((outcome[3] as OrderAlreadyRecorded).message).toBe('An order with externalId till-9-0001 is already recorded as a sale to a non-member (imported without a member).');
    expect(await count('orders')).toBe(before + 4);
    expect(await count('orders', "external_id = 'till-9-0001'")).toBe(0);
    await expectLedgerClean(t);
  });

  it('prices orders under member rules from remembered facts, and from a fresh read once a tier or birthday changed elsewhere', async () => {
    const rules = await Promise.all(
      [
        { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] },
        { name: 'Gold +50', eventTypes: ['order'], condition: { field: 'member.tier', op: 'eq', value: 'gold' }, effects: [{ type: 'fixed_points', points: 50 }] },
        { name: 'June birthdays +7', eventTypes: ['order'], condition: { field: 'member.birthdayMonth', op: 'eq', value: 6 }, effects: [{ type: 'fixed_points', points: 7 }] },
      ].map((definition) => createRule(t.db, ruleDefinition.parse(definition), now)),
    );
    const recorder = createOrderRecorder(t.db, t.config.program, { rules: new RuleBook(t.db), reportDrawFailure: () => undefined });
    const members = await Promise.all(Array.from({ length: 4 }, newMember));
    const burst = async (name: string) => Promise.all(Array.from({ length: 24 }, (_, i) => recorder.record(order(members[i % 4]!, 400), now, claim(`${name}-${i}`))));
    const pointsByMember = (orders: readonly { memberId: string; points: number }[]) => members.map((m) => [...new Set(orders.filter((o) => o.memberId === m).map((o) => o.points))]);

    expect(pointsByMember(await burst('facts-1'))).toEqual([[10], [10], [10], [10]]); // 2 × 4.00 + 2.50 at 1 per 1.00
    // Another process makes the first member gold and gives the second a June birthday: what this
    // recorder remembers of them is now wrong, and the write must notice rather than trust it.
    await t.db.query(`insert into member_tiers (member_id, tier_id, since, updated_at) values ($1, 'gold', $2, $2)`, [members[0], now]);
    await t.db.query(`update members set birthday = '1990-06-15' where id = $1`, [members[1]]);
    const fallbacksBefore = recorder.stats.fallbacks;
    expect(pointsByMember(await burst('facts-2'))).toEqual([[60], [17], [10], [10]]);
    expect(recorder.stats.fallbacks).toBeGreaterThan(fallbacksBefore);
    // Remembered afresh: the next burst is batched again and priced the same.
    const fallbacksAfter = recorder.stats.fallbacks;
    const batchesAfter = recorder.stats.batches;
    expect(pointsByMember(await burst('facts-3'))).toEqual([[60], [17], [10], [10]]);
    expect(recorder.stats.fallbacks).toBe(fallbacksAfter);
    expect(recorder.stats.batches).toBeGreaterThan(batchesAfter);
    for (const rule of rules) await retireRule(t.db, rule.id, now);
    await expectLedgerClean(t);
  });

  it('warms the facts of the latest buyers in one read, prices their orders without a read each, and still notices a change made since', async () => {
    const buyers = await Promise.all(Array.from({ length: 5 }, newMember));
    const plain = createOrderRecorder(t.db, t.config.program);
    await Promise.all(buyers.map((m, i) => plain.record(order(m, 400), now, claim(`warm-history-${i}`))));
    const newcomer = await newMember();
    await t.db.query(`insert into member_tiers (member_id, tier_id, since, updated_at) values ($1, 'gold', $2, $2)`, [buyers[0], now]);
    const rules = await Promise.all(
      [
        { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] },
        { name: 'Gold +50', eventTypes: ['order'], condition: { field: 'member.tier', op: 'eq', value: 'gold' }, effects: [{ type: 'fixed_points', points: 50 }] },
      ].map((definition) => createRule(t.db, ruleDefinition.parse(definition), now)),
    );
    const recorder = createOrderRecorder(t.db, t.config.program, { rules: new RuleBook(t.db), reportDrawFailure: () => undefined });

    const warmed = await recorder.warmMemberFacts();
    expect(warmed).toBeGreaterThanOrEqual(buyers.length);
    expect(await recorder.warmMemberFacts()).toBe(warmed); // once per recorder
    const burst = (name: string) => Promise.all(buyers.map((m, i) => recorder.record(order(m, 400), now, claim(`${name}-${i}`))));
    try {
      expect((await burst('warm-1')).map((r) => r.points)).toEqual([60, 10, 10, 10, 10]);
      expect(recorder.memberReads.count).toBe(0);
      // Never bought, so not warmed: read before its order is priced.
      expect((await recorder.record(order(newcomer, 400), now, claim('warm-newcomer'))).points).toBe(10);
      expect(recorder.memberReads.count).toBe(1);
      // Made gold after the warm-up: what was warmed is now wrong for this member, and the write must notice.
      await t.db.query(`insert into member_tiers (member_id, tier_id, since, updated_at) values ($1, 'gold', $2, $2)`, [buyers[1], now]);
      expect((await burst('warm-2')).map((r) => r.points)).toEqual([60, 60, 10, 10, 10]);
    } finally {
      for (const rule of rules) await retireRule(t.db, rule.id, now);
    }
    await expectLedgerClean(t);
  });

  it('batches orders under capped rules in one locked transaction, each seeing what the orders before it issued', async () => {
    const rules = await Promise.all(
      [
        { name: '1 per 1.00', eventTypes: ['order'], effects: [{ type: 'points_per_amount', points: 1, per: 100 }] },
        { name: 'Visit +5, once a day', eventTypes: ['order'], effects: [{ type: 'fixed_points', points: 5 }], caps: { perMemberPerDay: 5 } },
        { name: 'Launch +3, 20 in all', eventTypes: ['order'], effects: [{ type: 'fixed_points', points: 3 }], caps: { budget: 20 } },
      ].map((definition) => createRule(t.db, ruleDefinition.parse(definition), now)),
    );
    const recorder = createOrderRecorder(t.db, t.config.program, { rules: new RuleBook(t.db), reportDrawFailure: () => undefined });
    const members = await Promise.all(Array.from({ length: 3 }, newMember));
    const days = ['2026-05-30T10:00:00Z', '2026-05-31T10:00:00Z'];
    const burst = Array.from({ length: 30 }, (_, i) => ({ ...order(members[i % 3]!, 400), occurredAt: days[i % 2]! }));
    const results = await Promise.all(burst.map((input, i) => recorder.record(input, now, claim(`capped-${i}`))));

    expect(recorder.cappedStats.batches).toBeGreaterThan(0);
    expect(recorder.cappedStats.batchedJobs).toBeGreaterThan(10);
    expect(recorder.cappedStats.fallbacks).toBe(0);
    expect(results.every((r) => r.points >= 10)).toBe(true); // 2 × 4.00 + 2.50 at 1 per 1.00
    const usage = await t.db.query<{ rule_id: string; member_id: string; day: string; points: number }>(
      'select rule_id, member_id, day::text as day, points from rule_usage where rule_id = any($1::text[]) order by 1, 2, 3',
      [rules.map((r) => r.id)],
    );
    // The visit bonus once per member and day (3 members × 2 days), the budget spent exactly.
    expect(usage.filter((u) => u.rule_id === rules[1]!.id).map((u) => u.points)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(usage.filter((u) => u.rule_id === rules[2]!.id).reduce((sum, u) => sum + u.points, 0)).toBe(20);
    expect(results.reduce((sum, r) => sum + r.points, 0)).toBe(30 * 10 + 6 * 5 + 20);
    for (const rule of rules) await retireRule(t.db, rule.id, now);
    await expectLedgerClean(t);
  });
});
