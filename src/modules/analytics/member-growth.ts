// Members over time: how many were enrolled at the end of each week or month, and who joined or left.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { MemberGrowth, MemberGrowthQuery } from './contract.js';
import { periodStarts, resolvePeriod } from './period.js';

/** Members who joined or were erased in one week or month of the period; `period` null: at or after its end. */
export interface MembershipChanges {
  change: 'joined' | 'left';
  period: string | null;
  members: number;
}

const sum = (rows: readonly MembershipChanges[], change: MembershipChanges['change'], period: string | null) =>
  rows.filter((row) => row.change === change && row.period === period).reduce((total, row) => total + row.members, 0);

/**
 * A member counts at a moment when they joined (enrolled or were imported) before it and were not erased
 * before it. Worked back from today's count: members at t = members now − joined since t + erased since t
 * (one who joined and was erased since t is in neither count), so only the changes since `from` are needed.
 * @example growthOverTime([{ change: 'joined', period: '2026-10-05', members: 2 }], 7, new Date('2026-10-06'), new Date('2026-10-13'), 'week')
 *   // { membersAtStart: 5, membersAtEnd: 7, joined: 2, left: 0,
 *   //   trend: [{ period: '2026-10-05', joined: 2, left: 0, members: 7 }, { period: '2026-10-12', joined: 0, left: 0, members: 7 }] }
 */
export function growthOverTime(changes: readonly MembershipChanges[], membersNow: number, from: Date, to: Date, interval: 'week' | 'month'): Omit<MemberGrowth, 'period'> {
  const membersAtEnd = membersNow - sum(changes, 'joined', null) + sum(changes, 'left', null);
  let members = membersAtEnd;
  const trend = periodStarts(from, to, interval)
    .reverse()
    .map((period) => {
      const point = { period, joined: sum(changes, 'joined', period), left: sum(changes, 'left', period), members };
      members -= point.joined - point.left;
      return point;
    })
    .reverse();
  return {
    membersAtStart: members,
    membersAtEnd,
    joined: trend.reduce((total, point) => total + point.joined, 0),
    left: trend.reduce((total, point) => total + point.left, 0),
    trend,
  };
}

/**
 * Joins and erasures since `from`, per week or month, in one statement: a range of `members_created_idx`
 * and one of the partial `members_erased_idx`, so a year's trend at a million members reads the year's
 * newcomers, not the table once per interval. Today's count is the one full pass (as the overview's).
 */
export async function memberGrowth(db: Sql, config: Config, query: MemberGrowthQuery, now: Date): Promise<MemberGrowth> {
  const { from, to } = resolvePeriod(query, config, now);
  const changes = await db.query<MembershipChanges>(
    `select 'joined' as change, case when created_at < $2 then to_char(date_trunc($3::text, created_at at time zone 'UTC'), 'YYYY-MM-DD') end as period, count(*)::int as members
     from members where created_at >= $1 group by 2
     union all
     select 'left', case when erased_at < $2 then to_char(date_trunc($3::text, erased_at at time zone 'UTC'), 'YYYY-MM-DD') end, count(*)::int
     from members where erased_at >= $1 group by 2`,
    [from, to, query.interval],
  );
  const [active] = await db.query<{ n: number }>(`select count(*)::int as n from members where status = 'active'`);
  return { period: { from: from.toISOString(), to: to.toISOString() }, ...growthOverTime(changes, active!.n, from, to, query.interval) };
}
