// Per-member scores: P(alive), expected purchases and CLV from the BG/NBD + Gamma-Gamma models fitted
// on everyone's purchase aggregates, and the true-loyalty index. A job computes them for all members at
// once (the models are fitted on the whole base); requests only read them.
import type { Config } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { ClvError } from './clv/errors.js';
import { fitClv, fitReport, type ClvFit } from './clv/fit.js';
import { scoreMember } from './clv/score.js';
import { summaryProblem, type CustomerSummary } from './clv/summary.js';
import { getMember } from '../members/service.js';
import type { LoyaltyDistribution, MemberScores } from './contract.js';
import { overdueness, share } from './definitions.js';
import { pAliveBandOf } from './p-alive.js';
import { LOYALTY_BANDS, ordersPerYear, trueLoyaltyIndex, type LoyaltySignals } from './loyalty-index.js';

const WEEK_MS = 7 * 86_400_000;
const BATCH = 5_000;

interface MemberFacts {
  member_id: string;
  orders: number;
  spend: number;
  full_price_spend: number;
  first_order_at: Date;
  last_order_at: Date;
  nps_class: LoyaltySignals['npsClass'];
  referrals: number;
}

/**
 * A member's purchases as the models read them, in weeks. Approximations, documented: repeat purchases
 * are orders after the first (same-day orders count apart), and the spend per purchase is the mean over
 * all their orders, net of refunds.
 */
export function summaryOf(facts: Pick<MemberFacts, 'member_id' | 'orders' | 'spend' | 'first_order_at' | 'last_order_at'>, now: Date): CustomerSummary {
  const first = facts.first_order_at.getTime();
  return {
    customerId: facts.member_id,
    frequency: facts.orders - 1,
    recency: facts.orders > 1 ? (facts.last_order_at.getTime() - first) / WEEK_MS : 0,
    T: Math.max(0, (now.getTime() - first) / WEEK_MS),
    monetaryValue: Math.max(0, Number(facts.spend) / facts.orders),
  };
}

/** Fits the models, or null when the base cannot support them yet (no repeat buyers, no convergence). */
function fitOrNull(summaries: CustomerSummary[]): ClvFit | null {
  try {
    return summaries.length > 0 ? fitClv(summaries, 'week') : null;
  } catch (error) {
    if (error instanceof ClvError) return null;
    throw error;
  }
}

export async function refreshMemberScores(db: Database, config: Config, now: Date): Promise<{ members: number; fitted: number }> {
  const currency = config.program.currencies[0]!;
  const facts = await db.query<MemberFacts>(
    `select s.member_id, s.orders, s.spend, s.full_price_spend, s.first_order_at, s.last_order_at,
       (select f.nps_class from feedback_responses f where f.member_id = s.member_id and f.nps_class is not null order by f.submitted_at desc limit 1) as nps_class,
       (select count(*) from referrals r where r.referrer_id = s.member_id and r.status = 'completed')::int as referrals
     from member_order_stats s join members m on m.id = s.member_id and m.status = 'active'
     where s.currency = $1 and s.first_order_at <= $2`,
    [currency, now],
  );
  const summaries = facts.map((f) => summaryOf(f, now));
  const modelled = summaries.map((summary) => summaryProblem(summary) === null);
  const fit = fitOrNull(summaries.filter((_, i) => modelled[i]));
  const rows = facts.map((f, i) => scoreRow(f, modelled[i] ? fit : null, summaries[i]!, config.clvDiscountRate, now));
  // One transaction: readers see the previous scores or the new ones with the fit they came from, never a mix.
  await db.transaction(async (tx) => {
    if (fit) {
      await tx.query('insert into clv_fits (currency, customers, params, fitted_at) values ($1, $2, $3, $4)', [currency, fit.customers, JSON.stringify(fitReport(fit)), now]);
    }
    for (let start = 0; start < rows.length; start += BATCH) await upsertScores(tx, currency, now, rows.slice(start, start + BATCH));
  });
  return { members: facts.length, fitted: fit ? 1 : 0 };
}

/** One member's stored scores; CLV only when the models fitted and can read this member's summary. */
function scoreRow(f: MemberFacts, fit: ClvFit | null, summary: CustomerSummary, rate: number, now: Date) {
  const clv = fit ? scoreMember(fit, summary, 365, rate) : null;
  const loyalty = trueLoyaltyIndex({
    fullPriceShare: Number(f.spend) > 0 ? Number(f.full_price_spend) / Number(f.spend) : 0,
    npsClass: f.nps_class,
    referrals: f.referrals,
    tenureDays: (now.getTime() - f.first_order_at.getTime()) / 86_400_000,
    ordersPerYear: ordersPerYear(f.orders, f.first_order_at, now),
  });
  return {
    member_id: f.member_id,
    p_alive: clv?.pAlive ?? null,
    expected_purchases_90d: fit ? scoreMember(fit, summary, 90, rate).expectedPurchases : null,
    expected_clv_365d: clv ? Math.round(clv.expectedClv) : null,
    loyalty_score: loyalty.score,
    loyalty_band: loyalty.band,
    loyalty_parts: loyalty.parts,
  };
}

async function upsertScores(tx: Sql, currency: string, now: Date, rows: readonly ReturnType<typeof scoreRow>[]): Promise<void> {
  await tx.query(
    `insert into member_scores (member_id, currency, p_alive, expected_purchases_90d, expected_clv_365d, loyalty_score, loyalty_band, loyalty_parts, scored_at)
       select r.member_id, $2, r.p_alive, r.expected_purchases_90d, r.expected_clv_365d, r.loyalty_score, r.loyalty_band, r.loyalty_parts, $3
       from jsonb_to_recordset($1::jsonb) as r(member_id text, p_alive float8, expected_purchases_90d float8, expected_clv_365d int8,
         loyalty_score int2, loyalty_band text, loyalty_parts jsonb)
       on conflict (member_id) do update set currency = excluded.currency, p_alive = excluded.p_alive, expected_purchases_90d = excluded.expected_purchases_90d,
         expected_clv_365d = excluded.expected_clv_365d, loyalty_score = excluded.loyalty_score, loyalty_band = excluded.loyalty_band,
         loyalty_parts = excluded.loyalty_parts, scored_at = excluded.scored_at`,
    [JSON.stringify(rows), currency, now],
  );
}

export interface StoredScores {
  memberId: string;
  scoredAt: string;
  clv: { pAlive: number; expectedPurchases90d: number; expectedClv365d: number; currency: string } | null;
  trueLoyalty: { score: number; band: string; parts: Record<string, number> };
  /** Unrounded, so the band is cut where the segment filter cuts it. */
  rawPAlive: number | null;
}

async function storedScores(db: Sql, memberId: string): Promise<StoredScores | null> {
  const [row] = await db.query<{ currency: string; p_alive: number | null; expected_purchases_90d: number | null; expected_clv_365d: number | null; loyalty_score: number; loyalty_band: string; loyalty_parts: Record<string, number>; scored_at: Date }>(
    'select * from member_scores where member_id = $1',
    [memberId],
  );
  if (!row) return null;
  return {
    memberId,
    scoredAt: row.scored_at.toISOString(),
    clv:
      row.p_alive === null
        ? null
        : { pAlive: Math.round(row.p_alive * 10_000) / 10_000, expectedPurchases90d: Math.round(row.expected_purchases_90d! * 100) / 100, expectedClv365d: Number(row.expected_clv_365d), currency: row.currency },
    trueLoyalty: { score: row.loyalty_score, band: row.loyalty_band, parts: row.loyalty_parts },
    rawPAlive: row.p_alive,
  };
}

/** What the API shows for a member: stored model scores and their live rhythm. */
export async function memberScoresView(db: Sql, config: Config, memberId: string, now: Date): Promise<MemberScores> {
  await getMember(db, memberId);
  const [stored, [stats]] = await Promise.all([
    storedScores(db, memberId),
    db.query<{ orders: number; first_order_at: Date; last_order_at: Date }>(
      'select orders, first_order_at, last_order_at from member_order_stats where member_id = $1 and currency = $2',
      [memberId, config.program.currencies[0]],
    ),
  ]);
  const rhythm = stats ? overdueness({ orders: stats.orders, firstOrderAt: stats.first_order_at, lastOrderAt: stats.last_order_at }, now) : null;
  // The segment filter's rule (memberScoresJoinSql): a one-time buyer's P(alive) of 1 carries no information.
  const informative = stats && stats.orders >= 2 ? (stored?.rawPAlive ?? null) : null;
  return {
    memberId,
    scoredAt: stored?.scoredAt ?? null,
    clv: stored?.clv ?? null,
    pAliveBand: pAliveBandOf(informative),
    trueLoyalty: stored?.trueLoyalty ?? null,
    rhythm: rhythm && { usualIntervalDays: rhythm.usualDays, overdue: rhythm.overdue },
  };
}

export async function loyaltyDistributionView(db: Sql): Promise<LoyaltyDistribution> {
  const bands = await db.query<{ band: string; members: number; average: number | null }>(
    'select loyalty_band as band, count(*)::int as members, avg(loyalty_score)::float8 as average from member_scores group by 1',
  );
  const histogram = await db.query<{ bucket: number; members: number }>(
    'select least(loyalty_score / 10, 9)::int as bucket, count(*)::int as members from member_scores group by 1 order by 1',
  );
  const [latest] = await db.query<{ at: Date | null }>('select max(scored_at) as at from member_scores');
  const total = bands.reduce((sum, b) => sum + b.members, 0);
  return {
    scoredAt: latest?.at ? latest.at.toISOString() : null,
    members: total,
    bands: LOYALTY_BANDS.map((band) => {
      const row = bands.find((b) => b.band === band);
      return { band, members: row?.members ?? 0, share: share(row?.members ?? 0, total), averageScore: row?.average === null || row === undefined ? null : Math.round(row.average! * 10) / 10 };
    }),
    histogram: Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, members: histogram.find((h) => h.bucket === i)?.members ?? 0 })),
  };
}
