import type { Database, Sql } from '../../db/client.js';
import { WriteCoalescer, type CoalescerStats } from '../../db/coalesce.js';
import type { ProgramConfig } from '../../config.js';
import { newId } from '../../db/ids.js';
import type { ResponseClaim } from '../idempotency/service.js';
import { lockAccount } from '../ledger/journal.js';
import { drawGrants, earnDrawEntries, type DrawGrant } from '../draws/entries.js';
import {
  asRuleMember,
  hasCaps,
  memberNeeds,
  NO_MEMBER,
  programEarnerFor,
  readMemberFacts,
  type EarningSnapshot,
  type MemberFacts,
} from '../program/order-earning.js';
import type { EvaluationContext } from '../program/evaluate.js';
import type { RuleBook } from '../program/rulebook.js';
import { orderAct, recordCappedBatch, recordOrderUnderLock, type CappedOrderJob } from './capped-batch.js';
import { planOrder } from './plan.js';
import type { CreateOrderInput, Order } from './contract.js';
import { MemberFactsCache, sameFacts, seenFacts, type SeenFacts } from './member-facts-cache.js';
import { orderStatsCtes, recentBuyers } from './stats.js';
import {
  LINE_RECORD_COLUMNS,
  earningDetails,
  lineRecord,
  orderRecordedPayload,
  prepareOrder,
  recordPreparedOrder,
  type PreparedOrder,
} from './service.js';

type RuleMember = EvaluationContext['member'];

interface OrderJob {
  prepared: PreparedOrder;
  claim: ResponseClaim | null;
  /** The member facts the order was priced with, which the statement checks are still the stored ones. */
  seen?: SeenFacts | null;
  /** Records the order alone from a fresh read of its member (a batch that was not applied, or no batch). */
  alone?: () => Promise<Order>;
}

/**
 * Many orders in ONE statement: the same rows `recordPreparedOrder` writes for each, all or nothing.
 * `$2` holds the batch's distinct member ids (an array parameter keeps the members lookup on the
 * primary key even before statistics exist). If any member is not active, the `accepted` CTE is empty and nothing is written (the caller then
 * records each order alone, which gives that one its 422). The same when an order was priced with
 * member facts (`seen`: tier, birthday) that are no longer the stored ones: `stale` names those members; and when an order's
 * externalId is a non-member's sale (recorded alone, that order gets its 409). Unique violations — a replayed
 * Idempotency-Key, a duplicate externalId — abort the statement the same way. Account rows are
 * locked in member-id order so that two batches never wait on each other in a cycle.
 */
export const BATCH_STATEMENT = `with input as materialized (
  select * from jsonb_to_recordset($1::jsonb) as i(
    order_id text, member_id text, external_id text, currency text, total int8, points int8, store_id text, staff_id text,
    channel text, payment_fingerprint text, occurred_at timestamptz, recorded_at timestamptz, lines jsonb, entry_id text, lot_id text, details jsonb,
    available_at timestamptz, expires_at timestamptz, event_id text, event_payload jsonb, api_key_id text, key text,
    method text, path text, request_hash text, response_status int, response_body jsonb, seen boolean, seen_tier text, seen_birthday text)),
stale as materialized (
  select distinct i.member_id from input i join members m on m.id = i.member_id left join member_tiers t on t.member_id = i.member_id
  where i.seen and (t.tier_id is distinct from i.seen_tier or m.birthday::text is distinct from i.seen_birthday)),
accepted as materialized (
  select i.* from input i
  where (select count(*) from members where id = any($2::text[]) and status = 'active') = cardinality($2::text[])
    and not exists (select 1 from stale)
    and not exists (select 1 from input x join non_member_orders n on n.external_id = x.external_id)),
locked as materialized (
  select member_id from accounts where member_id in (select member_id from accepted where points > 0) order by member_id for update),
new_orders as (
  insert into orders (id, member_id, external_id, currency, total, points, store_id, staff_id, channel, payment_fingerprint, occurred_at, recorded_at)
  select order_id, member_id, external_id, currency, total, points, store_id, staff_id, channel, payment_fingerprint, occurred_at, recorded_at
  from accepted returning id),
accepted_lines as materialized (
  select a.order_id, a.member_id, a.currency, l.* from accepted a, jsonb_to_recordset(a.lines) as l(${LINE_RECORD_COLUMNS})),
new_lines as (
  insert into order_lines (order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points)
  select order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points from accepted_lines),
${orderStatsCtes('accepted', 'accepted_lines')},
new_entries as (
  insert into ledger_entries (id, member_id, kind, points, order_id, details, occurred_at)
  select entry_id, member_id, 'earn', points, order_id, details, occurred_at from accepted where points > 0),
new_lots as (
  insert into point_lots (id, member_id, entry_id, order_id, points, remaining, status, available_at, expires_at)
  select lot_id, member_id, entry_id, order_id, points, points, 'pending', available_at, expires_at from accepted where points > 0),
new_balances as (
  update accounts a set pending = a.pending + d.points, lifetime_earned = a.lifetime_earned + d.points, updated_at = now()
  from (select l.member_id, sum(x.points) as points from locked l join accepted x using (member_id) group by l.member_id) d
  where a.member_id = d.member_id),
new_events as (
  insert into outbox (id, type, member_id, payload, occurred_at)
  select event_id, 'order.recorded', member_id, event_payload, occurred_at from accepted),
claims as (
  insert into idempotency_keys (api_key_id, key, method, path, request_hash, response_status, response_body)
  select api_key_id, key, method, path, request_hash, response_status, response_body from accepted where key is not null)
select (select count(*)::int from new_orders) as recorded, array(select member_id from stale) as stale`;

export function batchRow({ prepared, claim, seen }: OrderJob) {
  const { input, plan, orderId, ids, response, now } = prepared;
  return {
    order_id: orderId,
    member_id: input.memberId,
    external_id: input.externalId ?? null,
    currency: input.currency,
    total: plan.total,
    points: plan.points,
    store_id: input.storeId ?? null,
    staff_id: input.staffId ?? null,
    channel: input.channel ?? null,
    payment_fingerprint: input.paymentFingerprint ?? null,
    occurred_at: plan.occurredAt,
    recorded_at: now,
    lines: plan.lines.map(lineRecord),
    entry_id: ids?.entryId ?? null,
    lot_id: ids?.lotId ?? null,
    details: ids ? earningDetails(plan) : null,
    available_at: plan.availableAt,
    expires_at: plan.expiresAt,
    event_id: newId('evt'),
    event_payload: orderRecordedPayload(prepared),
    api_key_id: claim?.scope.apiKeyId ?? null,
    key: claim?.scope.key ?? null,
    method: claim?.scope.method ?? null,
    path: claim?.scope.path ?? null,
    request_hash: claim?.scope.fingerprint ?? null,
    response_status: claim?.status ?? null,
    response_body: claim ? response : null,
    seen: seen != null,
    seen_tier: seen?.tierId ?? null,
    seen_birthday: seen?.birthday ?? null,
  };
}

export function distinctMembers(jobs: readonly OrderJob[]): string[] {
  return [...new Set(jobs.map((job) => job.prepared.input.memberId))];
}

/**
 * Writes a batch in one statement; `alsoWith` adds a CTE of the caller's (parameters from $3) to the
 * same statement. Answers the orders, or null having written none, and the members whose facts had changed.
 */
async function writeOrderBatch(
  db: Sql,
  jobs: readonly OrderJob[],
  alsoWith?: { cte: string; params: unknown[] } | null,
): Promise<{ recorded: Order[] | null; stale: string[] }> {
  const text = alsoWith ? `with ${alsoWith.cte},\n${BATCH_STATEMENT.slice('with '.length)}` : BATCH_STATEMENT;
  const [row] = await db.query<{ recorded: number; stale: string[] }>(text, [JSON.stringify(jobs.map(batchRow)), distinctMembers(jobs), ...(alsoWith?.params ?? [])]);
  return { recorded: row?.recorded === jobs.length ? jobs.map((job) => job.prepared.response) : null, stale: row?.stale ?? [] };
}

async function recordOrderBatch(db: Sql, jobs: readonly OrderJob[], alsoWith?: { cte: string; params: unknown[] } | null): Promise<Order[] | null> {
  return (await writeOrderBatch(db, jobs, alsoWith)).recorded;
}

/**
 * Two statements in flight: one commits while the next batch fills. Measured with `npm run bench`
 * on 2 cores, more slots only made batches smaller and throughput lower; 64 orders keep one
 * statement's latency well under the p99 target.
 */
const SLOTS = 2;
const MAX_BATCH = 64;
/**
 * A capped batch is a transaction of several round trips (lock, usage read, write, commit), so more
 * of them in flight keep the database busy; batches of different members do not wait on each other.
 */
const CAPPED_SLOTS = 4;

export interface OrderRecorder {
  record(input: CreateOrderInput, now: Date, claim: ResponseClaim | null): Promise<Order>;
  /**
   * Remembers the facts of the latest buyers in one read, once per recorder; answers how many were
   * added. `record` starts it by itself the first time the rules look at a member.
   */
  warmMemberFacts(): Promise<number>;
  /** Members whose facts were read one order at a time (not remembered, nor warmed). */
  readonly memberReads: { count: number };
  readonly stats: CoalescerStats;
  /** Batches of orders under capped rules (one locked transaction each). */
  readonly cappedStats: CoalescerStats;
}

/** The program's rules for orders, and where to report draw entries that could not be recorded (the order stands regardless). */
export interface EarningRules {
  rules: RuleBook;
  reportDrawFailure: (error: unknown) => void;
}

/**
 * Records orders through group commit: concurrent requests share one statement and one commit.
 * Validation and planning happen first, per request, so a bad order fails alone and at once. With
 * order rules in the program, points come from the rules, and the members they look at are read for
 * concurrent orders together. Rules with caps need the member's usage read and written under their
 * account lock: such orders are batched too, in one locked transaction per batch (capped-batch.ts).
 * Orders whose rules grant draw entries without caps take a transaction of their own (entries are
 * recorded with the order, under the same lock); every other order is batched exactly as without draws.
 */
export function createOrderRecorder(db: Database, program: ProgramConfig, earningRules?: EarningRules): OrderRecorder {
  const report = earningRules?.reportDrawFailure ?? (() => undefined);
  const facts = new MemberFactsCache();
  /**
   * An order priced from remembered facts, written on its own: through the batch statement, which
   * checks those facts (a single-order write does not), so it costs no read. Only when that writes
   * nothing — the facts changed, or the order is refused — is it priced afresh and written alone,
   * which gives a refused order its own error.
   */
  const recordChecked = async (job: OrderJob, alone: () => Promise<Order>): Promise<Order> => {
    const written = await writeOrderBatch(db, [job]).catch(() => null);
    if (written?.recorded) return written.recorded[0]!;
    if (written) facts.forget(written.stale);
    return alone();
  };
  const coalescer = new WriteCoalescer<OrderJob, Order>({
    slots: SLOTS,
    maxBatch: MAX_BATCH,
    runOne: (job) => (job.alone ? recordChecked(job, job.alone) : recordPreparedOrder(db, job.prepared, job.claim)),
    runMany: async (jobs) => {
      const { recorded, stale } = await writeOrderBatch(db, jobs);
      facts.forget(stale);
      return recorded;
    },
  });
  const capped = new WriteCoalescer<CappedOrderJob, Order>({
    slots: CAPPED_SLOTS,
    maxBatch: MAX_BATCH,
    runOne: (job) => db.transaction((tx) => recordOrderUnderLock(tx, program, job.snapshot, job.input, job.now, job.claim, report)),
    runMany: (jobs) => recordCappedBatch(db, program, jobs, recordOrderBatch, report),
  });
  // Reads, not writes, but the same shape: one statement for the members of all orders waiting.
  const reader = new WriteCoalescer<string, MemberFacts | null>({
    slots: SLOTS,
    maxBatch: MAX_BATCH,
    runOne: async (memberId) => (await readMemberFacts(db, [memberId])).get(memberId) ?? null,
    runMany: async (memberIds) => {
      const found = await readMemberFacts(db, memberIds);
      return memberIds.map((id) => found.get(id) ?? null);
    },
  });
  const memberReads = { count: 0 };
  /** A member's facts read now (with the members of other orders waiting), and remembered. */
  const readFacts = async (memberId: string): Promise<MemberFacts | null> => {
    memberReads.count += 1;
    const read = await reader.submit(memberId);
    if (read) facts.remember(memberId, read);
    else facts.forget([memberId]);
    return read;
  };

  // Who bought lately is who buys next: after a start, or when the first rule on members goes live,
  // their facts arrive in one read instead of one (coalesced) read before each first order. Nothing
  // here is trusted more than a read: the write still checks the facts it was priced with.
  let warming: Promise<number> | null = null;
  const warmMemberFacts = () =>
    (warming ??= (async () => {
      const ids = await recentBuyers(db, facts.capacity);
      const found = await readMemberFacts(db, ids);
      return facts.warm(ids.flatMap((id) => (found.has(id) ? [[id, found.get(id)!] as const] : [])));
    })().catch(() => 0)); // a failed warm-up only means the reads happen one order at a time

  /** The order priced for its member, with the draw entries its rules grant. */
  const price = (input: CreateOrderInput, now: Date, snapshot: EarningSnapshot, member: RuleMember) => {
    let draws: DrawGrant[] = [];
    const earner = programEarnerFor(program, snapshot, input, member, undefined, (effects) => {
      draws = drawGrants(effects);
    });
    return { prepared: prepareOrder(program, input, now, earner ?? undefined), draws };
  };

  /** Orders whose rules grant draw entries take a transaction of their own: entries are recorded with the order, under the same lock. */
  const recordWithDraws = (prepared: PreparedOrder, draws: DrawGrant[], now: Date, claim: ResponseClaim | null) =>
    db.transaction(async (tx) => {
      await lockAccount(tx, prepared.input.memberId).catch(() => undefined); // a missing member is refused by the write
      const order = await recordPreparedOrder(tx, prepared, claim);
      await earnDrawEntries(tx, orderAct(order, now), draws, report);
      return order;
    });

  return {
    async record(input, now, claim) {
      const snapshot: EarningSnapshot = earningRules ? { rules: await earningRules.rules.forOrders(), ladder: await earningRules.rules.ladder() } : { rules: [], ladder: null };
      if (hasCaps(snapshot.rules)) {
        planOrder(input, program, now); // a bad order fails alone, before it joins a batch
        return capped.submit({ input, now, claim, snapshot });
      }
      const needs = memberNeeds(snapshot);
      if (needs === 'none') {
        const { prepared, draws } = price(input, now, snapshot, NO_MEMBER);
        return draws.length === 0 ? coalescer.submit({ prepared, claim }) : recordWithDraws(prepared, draws, now, claim);
      }
      // Priced with what is remembered of the member (or read now); the write checks it still holds.
      void warmMemberFacts();
      const used = facts.get(input.memberId) ?? (await readFacts(input.memberId));
      const priced = price(input, now, snapshot, asRuleMember(used, needs));
      const alone = async () => {
        const fresh = await readFacts(input.memberId);
        const { prepared, draws } = sameFacts(fresh, used) ? priced : price(input, now, snapshot, asRuleMember(fresh, needs));
        return draws.length === 0 ? recordPreparedOrder(db, prepared, claim) : recordWithDraws(prepared, draws, now, claim);
      };
      if (priced.draws.length > 0) return alone();
      return coalescer.submit({ prepared: priced.prepared, claim, seen: used ? seenFacts(used) : null, alone });
    },
    warmMemberFacts,
    memberReads,
    stats: coalescer.stats,
    cappedStats: capped.stats,
  };
}
