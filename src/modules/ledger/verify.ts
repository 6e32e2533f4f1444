import type { Sql } from '../../db/client.js';

export interface Discrepancy {
  memberId: string;
  check: string;
  expected: number;
  actual: number;
}

export interface VerifyReport {
  members: number;
  entries: number;
  lots: number;
  discrepancies: number;
  problems: Discrepancy[];
}

/**
 * Each check yields one row per member where two independent figures disagree. Together they prove
 * cached = Σ lots = Σ entries, every lot's consumption equals its allocations, no lot is negative or
 * over-consumed, every outflow is covered by allocations plus recorded debt, and lifetime figures match.
 */
const CHECKS = `
with lot_sums as (
  select member_id,
    coalesce(sum(remaining) filter (where status = 'pending'), 0) as pending,
    coalesce(sum(remaining) filter (where status = 'available'), 0) as available,
    coalesce(sum(remaining) filter (where status in ('expired', 'void')), 0) as dead
  from point_lots group by member_id),
entry_sums as (
  select member_id, sum(points) as total,
    coalesce(sum(points) filter (where kind = 'earn'), 0) as earned,
    coalesce(-sum(points) filter (where kind = 'redeem'), 0) as spent,
    coalesce(-sum(points) filter (where kind = 'expire'), 0) as expired,
    coalesce(-sum(points) filter (where kind = 'clawback'), 0) as clawed_back,
    coalesce(sum(points) filter (where kind = 'adjust'), 0) as adjusted
  from ledger_entries group by member_id),
outflows as (
  select e.member_id, e.id, -e.points as owed, coalesce(sum(a.points), 0) as allocated
  from ledger_entries e left join entry_allocations a on a.entry_id = e.id
  where e.points < 0 group by e.member_id, e.id, e.points),
outstanding as (select member_id, sum(owed - allocated) as debt from outflows group by member_id),
lot_use as (
  select l.member_id, l.id, l.points - l.remaining as used, coalesce(sum(a.points), 0) as allocated
  from point_lots l left join entry_allocations a on a.lot_id = l.id group by l.member_id, l.id, l.points, l.remaining),
inflow_lots as (
  select e.member_id, e.id, e.points, coalesce(sum(l.points), 0) as lot_points, count(l.id) as lots
  from ledger_entries e left join point_lots l on l.entry_id = e.id
  where e.points > 0 group by e.member_id, e.id, e.points),
figures as (
  select a.member_id, a.available, a.pending, a.debt, a.lifetime_earned, a.lifetime_spent, a.lifetime_expired,
    a.lifetime_clawed_back, a.lifetime_adjusted,
    coalesce(ls.pending, 0) as lots_pending, coalesce(ls.available, 0) as lots_available, coalesce(ls.dead, 0) as lots_dead,
    coalesce(es.total, 0) as entries_total, coalesce(es.earned, 0) as earned, coalesce(es.spent, 0) as spent,
    coalesce(es.expired, 0) as expired, coalesce(es.clawed_back, 0) as clawed_back, coalesce(es.adjusted, 0) as adjusted,
    coalesce(o.debt, 0) as outstanding_debt
  from accounts a
  left join lot_sums ls on ls.member_id = a.member_id
  left join entry_sums es on es.member_id = a.member_id
  left join outstanding o on o.member_id = a.member_id)
select member_id, check_name, expected::int8, actual::int8 from (
  select member_id, 'pending = Σ pending lots' as check_name, lots_pending as expected, pending as actual from figures
  union all select member_id, 'available = Σ available lots − debt', lots_available - debt, available from figures
  union all select member_id, 'Σ entries = available + pending', entries_total, available + pending from figures
  union all select member_id, 'debt = Σ unallocated outflows', outstanding_debt, debt from figures
  union all select member_id, 'expired and void lots hold nothing', 0, lots_dead from figures
  union all select member_id, 'lifetime earned', earned, lifetime_earned from figures
  union all select member_id, 'lifetime spent', spent, lifetime_spent from figures
  union all select member_id, 'lifetime expired', expired, lifetime_expired from figures
  union all select member_id, 'lifetime clawed back', clawed_back, lifetime_clawed_back from figures
  union all select member_id, 'lifetime adjusted', adjusted, lifetime_adjusted from figures
  union all select member_id, 'lot consumed = Σ its allocations', allocated, used from lot_use
  union all select member_id, 'outflow covered by allocations (never over-allocated)', owed, greatest(allocated, owed) from outflows
  union all select member_id, 'inflow has exactly one lot of its points', points, case when lots = 1 then lot_points else -1 end from inflow_lots
  union all select a.member_id, 'allocation within one member', 0, 1 from entry_allocations a
    join ledger_entries e on e.id = a.entry_id join point_lots l on l.id = a.lot_id
    where e.member_id <> a.member_id or l.member_id <> a.member_id
  union all select member_id, 'lot remaining within 0..points', 0, remaining from point_lots where remaining < 0 or remaining > points
) checks where expected is distinct from actual
order by member_id, check_name`;

/** Proves the ledger invariants for every member. `fidelis ledger verify` prints this and exits 1 on any discrepancy. */
export async function verifyLedger(db: Sql, options: { maxProblems?: number } = {}): Promise<VerifyReport> {
  const rows = await db.query<{ member_id: string; check_name: string; expected: number; actual: number }>(CHECKS);
  const [counts] = await db.query<{ members: number; entries: number; lots: number }>(
    `select (select count(*) from accounts)::int8 as members, (select count(*) from ledger_entries)::int8 as entries,
       (select count(*) from point_lots)::int8 as lots`,
  );
  return {
    members: counts!.members,
    entries: counts!.entries,
    lots: counts!.lots,
    discrepancies: rows.length,
    problems: rows.slice(0, options.maxProblems ?? 100).map((r) => ({
      memberId: r.member_id,
      check: r.check_name,
      expected: r.expected,
      actual: r.actual,
    })),
  };
}
