import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './harness.js';
import { DomainError } from '../src/errors.js';
import { createMember } from '../src/modules/members/service.js';
import { refundOrder } from '../src/modules/orders/refunds.js';
import { recordOrder } from '../src/modules/orders/service.js';
import { matureDueLots } from '../src/modules/ledger/jobs.js';
import { getBalance } from '../src/modules/ledger/queries.js';
import { adjustPoints, redeemPoints, reverseEntry } from '../src/modules/ledger/service.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';

const DAY = 86_400_000;
const actor = { id: 'property-test' };

type Op =
  | { kind: 'earn'; amounts: number[] }
  | { kind: 'redeem'; points: number }
  | { kind: 'refund'; orderPick: number; linePick: number; quantity: number }
  | { kind: 'wait'; days: number }
  | { kind: 'adjust'; points: number }
  | { kind: 'reverse'; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('earn' as const), amounts: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 300 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      orderPick: fc.nat(),
      linePick: fc.nat(),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), points: fc.integer({ min: -200, max: 200 }).filter((p) => p !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
);

for (const clawbackPolicy of ['negative', 'floor'] as const) {
  describe(`ledger invariants under random operations (clawback policy ${clawbackPolicy})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ clawbackPolicy, returnWindowDays: 30, expiryMonths: 6 });
    });
    afterAll(() => t.drop());

    it('keeps cached = Σ lots = Σ entries, never overdraws, and claws back exactly', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArbitrary, { minLength: 5, maxLength: 25 }), async (ops) => {
          const program = t.config.program;
          let now = new Date('2025-01-01T12:00:00Z');
          const member = await createMember(t.db, { email: `p${Math.random().toString(36).slice(2)}@example.com`, marketingConsent: false }, now);
          const orders: { id: string; lines: { lineId: string; quantity: number; refunded: number }[] }[] = [];
          let earnedExpected = 0;
          for (const op of ops) {
            try {
              await t.db.transaction(async (tx) => {
                switch (op.kind) {
                  case 'earn': {
                    const lines = op.amounts.map((unitPrice, i) => ({ lineId: `l${i}`, sku: 'SKU', quantity: 3, unitPrice }));
                    const order = await recordOrder(tx, program, { memberId: member.id, currency: 'EUR', occurredAt: now.toISOString(), lines }, { now, claim: null });
                    earnedExpected += order.points;
                    orders.push({ id: order.id, lines: lines.map((l) => ({ lineId: l.lineId, quantity: 3, refunded: 0 })) });
                    break;
                  }
                  case 'redeem': {
                    const before = await getBalance(tx, member.id, now);
                    try {
                      await redeemPoints(tx, { memberId: member.id, points: op.points, occurredAt: now }, actor);
                      expect(before.available).toBeGreaterThanOrEqual(op.points);
                    } catch (error) {
                      expect((error as DomainError).code).toBe('points_insufficient');
                      expect(before.available).toBeLessThan(op.points);
                      throw error;
                    }
                    break;
                  }
                  case 'refund': {
                    if (orders.length === 0) return;
                    const order = orders[op.orderPick % orders.length]!;
                    const line = order.lines[op.linePick % order.lines.length]!;
                    const quantity = Math.min(op.quantity, line.quantity - line.refunded);
                    if (quantity === 0) return;
                    await refundOrder(tx, program, { orderId: order.id, lines: [{ lineId: line.lineId, quantity }] }, { now, actor });
                    line.refunded += quantity;
                    break;
                  }
                  case 'wait':
                    now = new Date(now.getTime() + op.days * DAY);
                    break;
                  case 'adjust':
                    await adjustPoints(tx, program, { memberId: member.id, points: op.points, reason: 'property test', occurredAt: now }, actor);
                    break;
                  case 'reverse': {
                    const entries = await tx.query<{ id: string }>(
                      "select id from ledger_entries where member_id = $1 and kind <> 'reversal' order by id",
                      [member.id],
                    );
                    if (entries.length === 0) return;
                    await reverseEntry(tx, program, { memberId: member.id, entryId: entries[op.pick % entries.length]!.id, reason: 'property test', occurredAt: now }, actor);
                    break;
                  }
                }
              });
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
          }
          const lazy = await getBalance(t.db, member.id, now);
          await matureDueLots(t.db, now);
          const materialized = await getBalance(t.db, member.id, now);
          // Reads are exact before the job runs: materializing changes nothing a member can see.
          expect(materialized.available).toBe(lazy.available);
          expect(materialized.pending).toBe(lazy.pending);
          expect(materialized.debt).toBe(lazy.debt);
          expect(materialized.lifetime.earned).toBe(earnedExpected);
          if (clawbackPolicy === 'floor') expect(materialized.debt).toBe(0);
          if (materialized.available < 0) expect(materialized.debt).toBeGreaterThan(0);
          const report = await verifyLedger(t.db);
          expect(report.problems).toEqual([]);
        }),
        { numRuns: 15 },
      );
    });

    it('refunding every unit of an unspent order, in any steps, claws back exactly its points', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 9_999 }), { minLength: 1, maxLength: 5 }),
          fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
          async (prices, steps) => {
            const now = new Date('2025-03-01T12:00:00Z');
            const member = await createMember(t.db, { externalId: `x${Math.random().toString(36).slice(2)}`, marketingConsent: false }, now);
            const lines = prices.map((unitPrice, i) => ({ lineId: `l${i}`, sku: 'SKU', quantity: 4, unitPrice }));
            const order = await recordOrder(t.db, t.config.program, { memberId: member.id, currency: 'EUR', occurredAt: now.toISOString(), lines }, { now, claim: null });
            let clawed = 0;
            for (const line of lines) {
              let left = line.quantity;
              for (const step of steps) {
                const quantity = Math.min(step, left);
                if (quantity === 0) break;
                const refund = await t.db.transaction((tx) =>
                  refundOrder(tx, t.config.program, { orderId: order.id, lines: [{ lineId: line.lineId, quantity }] }, { now, actor }),
                );
                clawed += refund.points;
                left -= quantity;
              }
              if (left > 0) {
                const refund = await t.db.transaction((tx) =>
                  refundOrder(tx, t.config.program, { orderId: order.id, lines: [{ lineId: line.lineId, quantity: left }] }, { now, actor }),
                );
                clawed += refund.points;
              }
            }
            expect(clawed).toBe(order.points);
            const balance = await getBalance(t.db, member.id, now);
            expect(balance.pending + balance.available).toBe(0);
          },
        ),
        { numRuns: 20 },
      );
    });
  });
}
