import type { Sql } from '../../db/client.js';
import type { RuleVersion, UsageLookup } from './evaluate.js';

const DAY_MS = 86_400_000;

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The rules whose points are counted: those with caps; budgets need a total over all members. */
export function cappedRules(rules: readonly RuleVersion[]): { capped: string[]; budgeted: string[] } {
  const withCaps = rules.filter((r) => r.ruleId !== null && r.definition.caps !== undefined);
  return { capped: withCaps.map((r) => r.ruleId!), budgeted: withCaps.filter((r) => r.definition.caps!.budget !== undefined).map((r) => r.ruleId!) };
}

/**
 * Points issued by rules, held in memory: per member, rule and UTC day, and per rule in total. A
 * replay or a batch of orders adds as it goes, so each event sees what the ones before it issued.
 */
export class UsageTally {
  /** memberId → `${ruleId}|d${dayNumber}` or `${ruleId}|m${monthNumber}` → points. */
  private readonly members = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();

  /** Adds points a rule issued to a member on a UTC day (days since 1970-01-01). */
  add(memberId: string, ruleId: string, day: number, points: number): void {
    let member = this.members.get(memberId);
    if (!member) this.members.set(memberId, (member = new Map()));
    for (const key of [`${ruleId}|d${day}`, `${ruleId}|m${monthOf(day)}`]) member.set(key, (member.get(key) ?? 0) + points);
  }

  addTotal(ruleId: string, points: number): void {
    this.totals.set(ruleId, (this.totals.get(ruleId) ?? 0) + points);
  }

  /** Records what an evaluation issued (its effects), for the member on the day of `at`. */
  record(memberId: string, at: Date, issued: readonly { ruleId: string | null; points: number }[], counted: ReadonlySet<string>): void {
    const day = Math.floor(at.getTime() / DAY_MS);
    for (const { ruleId, points } of issued) {
      if (!ruleId || points === 0 || !counted.has(ruleId)) continue;
      this.add(memberId, ruleId, day, points);
      this.addTotal(ruleId, points);
    }
  }

  /** The member's usage as of `at`, worked out only for the rules the evaluator asks about (capped ones that apply). */
  lookup(memberId: string, at: Date): UsageLookup {
    const member = this.members.get(memberId);
    const day = Math.floor(at.getTime() / DAY_MS);
    return {
      get: (ruleId) => ({
        today: member?.get(`${ruleId}|d${day}`) ?? 0,
        thisMonth: member?.get(`${ruleId}|m${monthOf(day)}`) ?? 0,
        total: this.totals.get(ruleId) ?? 0,
      }),
    };
  }
}

/** Months since 1970-01 of a day number (UTC). */
function monthOf(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * Loads into a tally what `rules` (the capped ones) already issued to `memberIds` in the months of
 * `dates`, and in total for budgeted rules: one statement, on the primary key (rule, member, day).
 */
export async function loadUsage(db: Sql, rules: readonly RuleVersion[], memberIds: readonly string[], dates: readonly Date[]): Promise<UsageTally> {
  const tally = new UsageTally();
  const { capped, budgeted } = cappedRules(rules);
  if (capped.length === 0) return tally;
  const times = dates.map((d) => d.getTime());
  const from = new Date(Math.min(...times));
  const to = new Date(Math.max(...times));
  const rows = await db.query<{ rule_id: string; member_id: string | null; day: number | null; points: number }>(
    `select rule_id, member_id, (day - date '1970-01-01')::int as day, points from rule_usage
     where rule_id = any($1::text[]) and member_id = any($2::text[])
       and day >= date_trunc('month', $3::timestamptz at time zone 'UTC')::date and day < (date_trunc('month', $4::timestamptz at time zone 'UTC') + interval '1 month')::date
     union all
     select rule_id, null, null, sum(points)::int8 from rule_usage where rule_id = any($5::text[]) group by rule_id`,
    [capped, memberIds, from, to, budgeted],
  );
  for (const row of rows) {
    if (row.member_id === null) tally.addTotal(row.rule_id, row.points);
    else tally.add(row.member_id, row.rule_id, row.day!, row.points);
  }
  return tally;
}

/** What each capped rule already issued to the member on the event's day and month, and in total (budgets). */
export async function ruleUsageFor(db: Sql, rules: readonly RuleVersion[], memberId: string, at: Date): Promise<UsageLookup> {
  return (await loadUsage(db, rules, [memberId], [at])).lookup(memberId, at);
}

type IssuedRow = { memberId: string; at: Date; ruleId: string | null; points: number };

/**
 * The upsert of what rules issued, as a CTE (named `rule_usage_added`) for a caller's statement, with
 * its parameters numbered from `$<first>`; null when nothing was issued.
 */
export function ruleUsageCte(issued: readonly IssuedRow[], first: number): { cte: string; params: unknown[] } | null {
  const rows = issued.filter((i) => i.ruleId !== null && i.points !== 0);
  if (rows.length === 0) return null;
  const [a, b, c, d] = [first, first + 1, first + 2, first + 3];
  return {
    cte: `rule_usage_added as (
      insert into rule_usage (rule_id, member_id, day, points)
      select rule_id, member_id, day, sum(points) from unnest($${a}::text[], $${b}::text[], $${c}::date[], $${d}::int8[]) as u(rule_id, member_id, day, points)
      group by rule_id, member_id, day
      on conflict (rule_id, member_id, day) do update set points = rule_usage.points + excluded.points)`,
    params: [rows.map((r) => r.ruleId), rows.map((r) => r.memberId), rows.map((r) => utcDay(r.at)), rows.map((r) => r.points)],
  };
}

/** Records what rules issued, in one statement; call in the transaction that issues the points. */
export async function recordRuleUsage(tx: Sql, issued: readonly IssuedRow[]): Promise<void> {
  const usage = ruleUsageCte(issued, 1);
  if (usage) await tx.query(`with ${usage.cte} select 1`, usage.params);
}
