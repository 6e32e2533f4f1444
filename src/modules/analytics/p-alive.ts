// P(alive) bands: the one definition of what a member's stored P(alive) means in words, used by segment
// filters and the at-risk ranking's default.
import { joinSql, sql, type SqlFragment } from '../../db/statement.js';

export const P_ALIVE_BANDS = ['likely_lost', 'at_risk', 'uncertain', 'likely_active'] as const;
export type PAliveBand = (typeof P_ALIVE_BANDS)[number];
/** Members the models say nothing about: see `memberPAliveSql`. */
export const UNSCORED = 'unscored';

/**
 * Where each band starts (inclusive); it ends where the next one starts, `likely_active` at 1.
 * Under 1 in 10 the member has most likely gone; from 0.7 they are more likely active than not by a wide
 * margin; in between the model cannot tell well, and 0.3 splits that stretch where the at-risk ranking
 * (GET /v1/analytics/at-risk) by default starts listing members on P(alive) alone.
 */
export const P_ALIVE_BAND_FROM: Readonly<Record<PAliveBand, number>> = { likely_lost: 0, at_risk: 0.1, uncertain: 0.3, likely_active: 0.7 };

/** The bands in words for documentation: `likely_lost [0, 0.1), …, likely_active [0.7, 1]`. */
export const P_ALIVE_BANDS_TEXT = P_ALIVE_BANDS.map((band, i) => {
  const next = P_ALIVE_BANDS[i + 1];
  return `${band} [${P_ALIVE_BAND_FROM[band]}, ${next ? `${P_ALIVE_BAND_FROM[next]})` : '1]'}`;
}).join(', ');

/**
 * @example pAliveBandOf(0.25) // 'at_risk'
 * @example pAliveBandOf(null) // 'unscored'
 */
export function pAliveBandOf(pAlive: number | null): PAliveBand | typeof UNSCORED {
  if (pAlive === null) return UNSCORED;
  return [...P_ALIVE_BANDS].reverse().find((band) => pAlive >= P_ALIVE_BAND_FROM[band]) ?? 'likely_lost';
}

/**
 * `left join (…) pa on pa.member_id = <memberId>`, giving the scores of the last `member-scores` run:
 * - `pa.p_alive`, null when it carries no information: never scored (no order in the program's first
 *   currency when the job last ran), no model fitted (too few repeat buyers), or no repeat purchase yet —
 *   BG/NBD assumes nobody drops out before their first repeat purchase, so it scores every one-time
 *   buyer 1 whatever their age;
 * - `pa.loyalty_band`, null when never scored.
 * A join, not a subquery per member: the planner can hash it (200k members: ~0.2 s against ~7 s).
 */
export function memberScoresJoinSql(memberId: SqlFragment): SqlFragment {
  return sql`left join (select sc.member_id, sc.loyalty_band, case when os.orders >= 2 then sc.p_alive end as p_alive
      from member_scores sc left join member_order_stats os on os.member_id = sc.member_id and os.currency = sc.currency) pa
    on pa.member_id = ${memberId}`;
}

/**
 * The band, as text, of a P(alive) column (pass a column, not the subquery: it is read once per band):
 * the cut-offs of `pAliveBandOf`, as parameters.
 */
export function pAliveBandSql(pAlive: SqlFragment): SqlFragment {
  const arms = [...P_ALIVE_BANDS].reverse().map((band) => sql`when ${pAlive} >= ${P_ALIVE_BAND_FROM[band]}::float8 then ${band}::text`);
  return sql`case when ${pAlive} is null then ${UNSCORED}::text ${joinSql(arms, ' ')} end`;
}
