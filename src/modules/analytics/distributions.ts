// How the base is spread: expected CLV (from the member-scores job) and tiers. Aggregated in SQL, so the
// answer is a few rows whatever the size of the base.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { TierLadder } from '../program/tiers-contract.js';
import type { ClvDistribution, TierDistribution } from './contract.js';
import { niceBucketWidth, share } from './definitions.js';

const P_ALIVE_BANDS = [0, 0.25, 0.5, 0.75, 1] as const;

export async function clvDistribution(db: Sql, config: Config, query: { currency?: string; buckets: number }): Promise<ClvDistribution> {
  const currency = query.currency ?? config.program.currencies[0]!;
  const [totals] = await db.query<{ max: number | null; members: number; unmodelled: number; total: number; at: Date | null }>(
    `select max(expected_clv_365d) as max, count(expected_clv_365d)::int as members, count(*) filter (where expected_clv_365d is null)::int as unmodelled,
       coalesce(sum(expected_clv_365d), 0)::int8 as total, max(scored_at) as at
     from member_scores where currency = $1`,
    [currency],
  );
  const width = niceBucketWidth(Math.max(0, totals?.max ?? 0), query.buckets);
  const [buckets, bands] = await Promise.all([
    db.query<{ bucket: number; members: number; clv: number }>(
      `select least(greatest(expected_clv_365d, 0) / $2, $3 - 1)::int as bucket, count(*)::int as members, sum(expected_clv_365d)::int8 as clv
       from member_scores where currency = $1 and expected_clv_365d is not null group by 1`,
      [currency, width, query.buckets],
    ),
    db.query<{ band: number; members: number; clv: number }>(
      `select least(floor(p_alive * 4), 3)::int as band, count(*)::int as members, sum(expected_clv_365d)::int8 as clv
       from member_scores where currency = $1 and p_alive is not null and expected_clv_365d is not null group by 1`,
      [currency],
    ),
  ]);
  // Empty buckets are listed too: a histogram's gaps are part of its shape.
  const histogram = Array.from({ length: query.buckets }, (_, i) => {
    const row = buckets.find((b) => b.bucket === i);
    return { from: i * width, to: (i + 1) * width, members: row?.members ?? 0, clv: row?.clv ?? 0 };
  });
  const pAliveBands = P_ALIVE_BANDS.slice(0, -1).map((from, i) => {
    const to = P_ALIVE_BANDS[i + 1]!;
    const row = bands.find((b) => b.band === i);
    return { band: `${from * 100}–${to * 100}%`, from, to, members: row?.members ?? 0, clv: row?.clv ?? 0 };
  });
  return {
    scoredAt: totals?.at ? totals.at.toISOString() : null,
    currency,
    members: totals?.members ?? 0,
    unmodelled: totals?.unmodelled ?? 0,
    totalClv: totals?.total ?? 0,
    histogram,
    pAliveBands,
  };
}

/**
 * Active members per tier of the ladder. A member without a tier record (placed on their first order) counts
 * in the first tier, which starts at 0; so does one whose tier the ladder no longer has, until re-evaluated.
 */
export async function tierDistribution(db: Sql, ladder: TierLadder | null): Promise<TierDistribution> {
  const rows = await db.query<{ tier: string | null; members: number }>(
    `select t.tier_id as tier, count(*)::int as members
     from members m left join member_tiers t on t.member_id = m.id where m.status = 'active' group by 1`,
  );
  const members = rows.reduce((sum, r) => sum + r.members, 0);
  const tiers = ladder?.tiers ?? [];
  const known = new Set(tiers.map((t) => t.id));
  return {
    members,
    tiers: tiers.map((tier, i) => {
      const count = rows.filter((r) => r.tier === tier.id || (i === 0 && (r.tier === null || !known.has(r.tier)))).reduce((sum, r) => sum + r.members, 0);
      return { tierId: tier.id, name: tier.name, members: count, share: share(count, members) };
    }),
  };
}
