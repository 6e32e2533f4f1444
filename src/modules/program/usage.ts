import type { Sql } from '../../db/client.js';
import type { RuleUsage } from './evaluate.js';

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** What each rule already issued to the member on the event's day and month, and in total (budgets). */
export async function ruleUsageFor(db: Sql, memberId: string, at: Date): Promise<Map<string, RuleUsage>> {
  const day = utcDay(at);
  const rows = await db.query<{ rule_id: string; today: number; this_month: number; total: number }>(
    `select u.rule_id,
       coalesce(sum(u.points) filter (where u.member_id = $1 and u.day = $2::date), 0)::int8 as today,
       coalesce(sum(u.points) filter (where u.member_id = $1 and date_trunc('month', u.day) = date_trunc('month', $2::date)), 0)::int8 as this_month,
       coalesce(sum(u.points), 0)::int8 as total
     from rule_usage u where u.rule_id in (select rule_id from rule_usage where member_id = $1) or u.rule_id in (
       select id from program_rules where status = 'active' and definition->'caps'->'budget' is not null)
     group by u.rule_id`,
    [memberId, day],
  );
  return new Map(rows.map((r) => [r.rule_id, { today: r.today, thisMonth: r.this_month, total: r.total }]));
}

/** Records what rules issued; call in the transaction that issues the points. */
export async function recordRuleUsage(tx: Sql, memberId: string, at: Date, issued: readonly { ruleId: string | null; points: number }[]): Promise<void> {
  for (const { ruleId, points } of issued) {
    if (!ruleId || points === 0) continue;
    await tx.query(
      `insert into rule_usage (rule_id, member_id, day, points) values ($1, $2, $3, $4)
       on conflict (rule_id, member_id, day) do update set points = rule_usage.points + excluded.points`,
      [ruleId, memberId, utcDay(at), points],
    );
  }
}
