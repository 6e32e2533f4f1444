// RFM: recency, frequency and monetary quintile scores (1 worst … 5 best) and the named segments the
// marketing team acts on. Cut points are the 20/40/60/80th percentiles of the member base, so equal
// values always get equal scores (frequency ties are common: many members bought once).

export const RFM_SEGMENTS = ['champions', 'loyal', 'potential_loyalists', 'new', 'at_risk', 'cant_lose_them', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export const SEGMENT_NAMES: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalists: 'Potential loyalists',
  new: 'New',
  at_risk: 'At risk',
  cant_lose_them: "Can't lose them",
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/**
 * Score 1–5 of a value against four ascending cut points: 1 + the number of cut points strictly below it
 * (higher is better), or the mirror for recency in days (fewer days is better).
 * @example quintileScore(7, [1, 2, 4, 8], 'higher') // 4
 */
export function quintileScore(value: number, cuts: readonly number[], better: 'higher' | 'lower'): number {
  const below = cuts.filter((cut) => cut < value).length;
  return better === 'higher' ? 1 + below : 5 - below;
}

/**
 * The segment of a member from their recency (R) and frequency (F) scores, over the whole 5×5 grid:
 *
 * | R \ F | 1           | 2                   | 3       | 4          | 5              |
 * |-------|-------------|---------------------|---------|------------|----------------|
 * | 4–5   | New         | Potential loyalists | Loyal   | Champions  | Champions      |
 * | 3     | Hibernating | Potential loyalists | Loyal   | Loyal      | Loyal          |
 * | 2     | Hibernating | Hibernating         | At risk | At risk    | Can't lose them|
 * | 1     | Lost        | Lost                | At risk | At risk    | Can't lose them|
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4) return f >= 4 ? 'champions' : f === 3 ? 'loyal' : f === 2 ? 'potential_loyalists' : 'new';
  if (r === 3) return f >= 3 ? 'loyal' : f === 2 ? 'potential_loyalists' : 'hibernating';
  if (f === 5) return 'cant_lose_them';
  if (f >= 3) return 'at_risk';
  return r === 2 ? 'hibernating' : 'lost';
}

/** The SQL CASE that computes `rfmSegment` in the database, generated from the function so they cannot drift. */
export function rfmSegmentSql(r: string, f: string): string {
  // A simple CASE evaluates r and f once: the planner inlines score expressions for them, and 25 arms
  // naming both made a million members' scoring evaluate each ~25 times.
  const arms: string[] = [];
  for (let rs = 1; rs <= 5; rs += 1) for (let fs = 1; fs <= 5; fs += 1) arms.push(`when ${rs * 10 + fs} then '${rfmSegment(rs, fs)}'`);
  return `case (${r}) * 10 + (${f}) ${arms.join(' ')} end`;
}
