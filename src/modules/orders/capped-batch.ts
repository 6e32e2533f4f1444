// Orders under capped rules: what a rule already issued to the member is read, and what it issues now
// written, under the member's account lock, so a cap holds however orders race.
import type { Database, Sql } from '../../db/client.js';
import type { ProgramConfig } from '../../config.js';
import type { ResponseClaim } from '../idempotency/service.js';
import { lockAccount } from '../ledger/journal.js';
import { drawGrants, earnDrawEntries, type EarningAct } from '../draws/entries.js';
import { NO_MEMBER, programEarnerFor, ruleMembers, type EarningSnapshot, type EvaluatedEffect } from '../program/order-earning.js';
import { cappedRules, loadUsage, recordRuleUsage, ruleUsageCte } from '../program/usage.js';
import type { EvaluationContext } from '../program/evaluate.js';
import type { CreateOrderInput, Order } from './contract.js';
import { prepareOrder, recordPreparedOrder, type PreparedOrder } from './service.js';

export interface CappedOrderJob {
  input: CreateOrderInput;
  now: Date;
  claim: ResponseClaim | null;
  snapshot: EarningSnapshot;
}

export function orderAct(order: Order, now: Date): EarningAct {
  return { memberId: order.memberId, source: 'order', sourceId: order.id, occurredAt: new Date(order.occurredAt), now };
}

/**
 * Takes the locks caps need, in one order everywhere (accounts by member id, then budgeted rules by
 * id, as events do), so that two writers never wait on each other in a cycle.
 */
async function lockForCaps(tx: Sql, snapshot: EarningSnapshot, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 1) await lockAccount(tx, memberIds[0]!).catch(() => undefined); // a missing member is refused by the write
  else await tx.query('select 1 from accounts where member_id = any($1::text[]) order by member_id for update', [memberIds]);
  // A budget is shared by all members: its rule row is locked while its total is read and raised.
  const { budgeted } = cappedRules(snapshot.rules);
  if (budgeted.length > 0) await tx.query(`select 1 from program_rules where id = any($1::text[]) and status = 'active' order by id for update`, [budgeted]);
}

interface Priced {
  prepared: PreparedOrder;
  effects: EvaluatedEffect[];
}

/**
 * Prices orders in arrival order under locks already held: usage and members are read once for all of
 * them, and each order sees what the ones before it in the batch issued.
 */
async function priceUnderLock(
  tx: Sql,
  program: ProgramConfig,
  jobs: readonly CappedOrderJob[],
  memberIds: readonly string[],
  members: ReadonlyMap<string, EvaluationContext['member']>,
): Promise<Priced[]> {
  const { snapshot } = jobs[0]!;
  const usage = await loadUsage(tx, snapshot.rules, memberIds, jobs.map((job) => new Date(job.input.occurredAt)));
  const counted = new Set(cappedRules(snapshot.rules).capped);
  return jobs.map(({ input, now }) => {
    const at = new Date(input.occurredAt);
    let effects: EvaluatedEffect[] = [];
    const earner = programEarnerFor(program, snapshot, input, members.get(input.memberId) ?? NO_MEMBER, usage.lookup(input.memberId, at), (evaluated) => {
      effects = evaluated;
    });
    const prepared = prepareOrder(program, input, now, earner ?? undefined);
    usage.record(input.memberId, at, effects, counted);
    return { prepared, effects };
  });
}

function usageRows(priced: readonly Priced[]) {
  return priced.flatMap(({ prepared, effects }) => effects.map((e) => ({ memberId: prepared.input.memberId, at: prepared.plan.occurredAt, ruleId: e.ruleId, points: e.points })));
}

/**
 * One order in the caller's transaction, earning by `snapshot` with caps kept exact. Imports with
 * --earn take this path for every order; the API when a batch could not be applied whole.
 */
export async function recordOrderUnderLock(
  tx: Sql,
  program: ProgramConfig,
  snapshot: EarningSnapshot,
  input: CreateOrderInput,
  now: Date,
  claim: ResponseClaim | null,
  reportDrawFailure: (error: unknown) => void,
): Promise<Order> {
  await lockForCaps(tx, snapshot, [input.memberId]);
  const members = await ruleMembers(tx, snapshot, [input.memberId]);
  const [priced] = await priceUnderLock(tx, program, [{ input, now, claim, snapshot }], [input.memberId], members);
  const order = await recordPreparedOrder(tx, priced!.prepared, claim);
  await recordRuleUsage(tx, usageRows([priced!]));
  await earnDrawEntries(tx, orderAct(order, now), drawGrants(priced!.effects), reportDrawFailure);
  return order;
}

/**
 * Many capped orders in ONE transaction of a fixed number of statements (locks, usage and members
 * read, orders written as one batch statement, usage written, commit) instead of one transaction
 * each. Null, having written nothing, when the batch cannot be applied whole (a refused member, a
 * duplicate key, a rule change between the orders): the caller then records each order alone.
 */
/** How batch.ts writes orders in one statement, with a CTE of the caller's beside them. */
export type WriteOrderBatch = (
  tx: Sql,
  jobs: readonly { prepared: PreparedOrder; claim: ResponseClaim | null }[],
  alsoWith: { cte: string; params: unknown[] } | null,
) => Promise<Order[] | null>;

export async function recordCappedBatch(
  db: Database,
  program: ProgramConfig,
  jobs: readonly CappedOrderJob[],
  writeBatch: WriteOrderBatch,
  reportDrawFailure: (error: unknown) => void,
): Promise<Order[] | null> {
  const { snapshot } = jobs[0]!;
  if (jobs.some((job) => job.snapshot.rules !== snapshot.rules || job.snapshot.ladder !== snapshot.ladder)) return null;
  const memberIds = [...new Set(jobs.map((job) => job.input.memberId))].sort();
  // Tier, tenure and birthday need no lock: read on another connection while the transaction locks.
  const members = ruleMembers(db, snapshot, memberIds);
  members.catch(() => undefined); // awaited below; a failed transaction may never get there
  return db
    .transaction(async (tx) => {
      await lockForCaps(tx, snapshot, memberIds);
      const priced = await priceUnderLock(tx, program, jobs, memberIds, await members);
      const batch = priced.map(({ prepared }, i) => ({ prepared, claim: jobs[i]!.claim }));
      // The usage written in the same statement as the orders: one round trip for both.
      const orders = await writeBatch(tx, batch, ruleUsageCte(usageRows(priced), 3));
      if (!orders) throw new BatchNotApplied();
      for (const [i, { effects }] of priced.entries()) {
        const draws = drawGrants(effects);
        if (draws.length > 0) await earnDrawEntries(tx, orderAct(orders[i]!, jobs[i]!.now), draws, reportDrawFailure);
      }
      return orders;
    })
    .catch(() => null);
}

/** Rolls a batch back so that each of its orders is recorded alone. */
class BatchNotApplied extends Error {}
