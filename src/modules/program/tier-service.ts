import type { Database, Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { sql, type SqlFragment } from '../../db/statement.js';
import { recordEvent } from '../events/service.js';
import { pointsEarnedBetween } from '../ledger/queries.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { spendAndVisits } from '../orders/queries.js';
import { latestDocument, saveDocument } from './documents.js';
import { TiersNotConfigured } from './errors.js';
import { decideTier, progressSentence, qualifyingWindow, rankOf, reviewDate } from './tiers.js';
import { tierLadder, type MemberTierStatus, type Tier, type TierLadder } from './tiers-contract.js';

export async function setLadder(tx: Sql, ladder: TierLadder, now: Date): Promise<TierLadder> {
  await saveDocument(tx, 'tier_ladders', ladder, now);
  return ladder;
}

export async function getLadder(db: Sql): Promise<TierLadder | null> {
  const definition = await latestDocument(db, 'tier_ladders');
  return definition === null ? null : tierLadder.parse(definition);
}

export async function requireLadder(db: Sql): Promise<TierLadder> {
  const ladder = await getLadder(db);
  if (!ladder) throw new TiersNotConfigured();
  return ladder;
}

async function measureOf(db: Sql, ladder: TierLadder, memberId: string, now: Date): Promise<number> {
  const { from, to } = qualifyingWindow(ladder, now);
  const end = new Date(to.getTime() + 1); // the window includes now
  if (ladder.basis === 'points') return pointsEarnedBetween(db, memberId, from, end);
  const { spend, visits } = await spendAndVisits(db, memberId, from, end);
  return ladder.basis === 'spend' ? spend : visits;
}

interface TierRow {
  tier_id: string;
  since: Date;
  review_at: Date | null;
}

/**
 * Brings a member's tier up to date in the caller's transaction: upgrades at once, downgrades only
 * after the review date, each change kept in history and announced. Idempotent.
 */
export async function refreshTier(tx: Sql, ladder: TierLadder, memberId: string, now: Date): Promise<{ tierId: string; measure: number }> {
  const [current] = await tx.query<TierRow>('select tier_id, since, review_at from member_tiers where member_id = $1 for update', [memberId]);
  const measure = await measureOf(tx, ladder, memberId, now);
  const decision = decideTier(ladder, current ? { tierId: current.tier_id, reviewAt: current.review_at } : null, measure, now);
  if (decision.change === 'none') {
    // Still qualifying at review: status holds for another period.
    if (current?.review_at && current.review_at <= now) {
      await tx.query('update member_tiers set review_at = $2, updated_at = $3 where member_id = $1', [memberId, reviewDate(ladder, now), now]);
    }
    return { tierId: current!.tier_id, measure };
  }
  const to = decision.to;
  const first = !current;
  await tx.query(
    `insert into member_tiers (member_id, tier_id, since, review_at, updated_at) values ($1, $2, $3, $4, $3)
     on conflict (member_id) do update set tier_id = excluded.tier_id, since = excluded.since, review_at = excluded.review_at, updated_at = excluded.updated_at`,
    [memberId, to.id, now, rankOf(ladder, to.id) === 0 ? null : reviewDate(ladder, now)],
  );
  const reason = first ? 'enrolled' : decision.change;
  await tx.query(
    `insert into member_tier_history (id, member_id, from_tier, to_tier, reason, measure, at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [newId('tch'), memberId, current?.tier_id ?? null, to.id, reason, measure, now],
  );
  if (!first || rankOf(ladder, to.id) > 0) {
    await recordEvent(tx, {
      type: decision.change === 'downgrade' ? 'tier.downgraded' : 'tier.upgraded',
      memberId,
      payload: { from: current?.tier_id ?? null, to: to.id, measure, basis: ladder.basis },
      occurredAt: now,
    });
  }
  return { tierId: to.id, measure };
}

/** The member's tier, brought up to date, with progress to the next one and the history of changes. */
export async function memberTierStatus(db: Database, memberId: string, now: Date): Promise<MemberTierStatus> {
  const ladder = await requireLadder(db);
  const member = await getMember(db, memberId);
  if (member.status !== 'active') throw new MemberNotFound(memberId);
  const { tierId, measure } = await db.transaction((tx) => refreshTier(tx, ladder, memberId, now));
  const [state] = await db.query<TierRow>('select tier_id, since, review_at from member_tiers where member_id = $1', [memberId]);
  const history = await db.query<{ from_tier: string | null; to_tier: string; reason: string; measure: number; at: Date }>(
    'select from_tier, to_tier, reason, measure, at from member_tier_history where member_id = $1 order by at desc, id desc limit 50',
    [memberId],
  );
  const tier = ladder.tiers[rankOf(ladder, tierId)]!;
  const progress = progressSentence(ladder, tierId, measure, now);
  return {
    memberId,
    tier: { id: tier.id, name: tier.name, benefits: tier.benefits },
    since: state!.since.toISOString(),
    reviewAt: state!.review_at?.toISOString() ?? null,
    basis: ladder.basis,
    measure,
    next: progress.next && {
      id: progress.next.tier.id,
      name: progress.next.tier.name,
      threshold: progress.next.tier.threshold,
      remaining: progress.next.remaining,
      by: progress.next.by?.toISOString().slice(0, 10) ?? null,
    },
    explanation: progress.text,
    history: history.map((h) => ({ from: h.from_tier, to: h.to_tier, reason: h.reason, measure: h.measure, at: h.at.toISOString() })),
  };
}

/** The member's current tier id for rules (null without a ladder or before their first refresh). */
export async function currentTierId(db: Sql, memberId: string): Promise<string | null> {
  const [row] = await db.query<{ tier_id: string }>('select tier_id from member_tiers where member_id = $1', [memberId]);
  return row?.tier_id ?? null;
}

/** Many members' current tiers on the ladder (members without one, or on a tier no longer in it, are left out). */
export async function currentTiers(db: Sql, ladder: TierLadder, memberIds: readonly string[]): Promise<Map<string, Tier>> {
  const rows = await db.query<{ member_id: string; tier_id: string }>('select member_id, tier_id from member_tiers where member_id = any($1::text[])', [memberIds]);
  const tiers = new Map(ladder.tiers.map((t) => [t.id, t]));
  return new Map(rows.filter((r) => tiers.has(r.tier_id)).map((r) => [r.member_id, tiers.get(r.tier_id)!]));
}

/** Upgrades after an order, at once; failures are left to the review job and the next read. */
export async function upgradeAfterOrder(db: Database, ladder: TierLadder | null, memberId: string, now: Date): Promise<void> {
  if (ladder) await db.transaction((tx) => refreshTier(tx, ladder, memberId, now));
}

/** Daily: members whose review date has passed are re-qualified (and downgraded if they fell short). */
export async function reviewTiers(db: Database, now: Date): Promise<{ reviewed: number; downgraded: number }> {
  const ladder = await getLadder(db);
  if (!ladder) return { reviewed: 0, downgraded: 0 };
  const due = await db.query<{ member_id: string; tier_id: string }>('select member_id, tier_id from member_tiers where review_at <= $1 order by review_at limit 10000', [now]);
  let downgraded = 0;
  for (const row of due) {
    const after = await db.transaction((tx) => refreshTier(tx, ladder, row.member_id, now));
    if (rankOf(ladder, after.tierId) < rankOf(ladder, row.tier_id)) downgraded += 1;
  }
  return { reviewed: due.length, downgraded };
}


/** The member's current tier id and when they last moved up (null if never upgraded), for greetings at the till. */
export async function tierStanding(db: Sql, memberId: string): Promise<{ tierId: string | null; upgradedAt: Date | null }> {
  const [row] = await db.query<{ tier_id: string | null; upgraded_at: Date | null }>(
    `select (select tier_id from member_tiers where member_id = $1) as tier_id,
       (select max(at) from member_tier_history where member_id = $1 and reason = 'upgrade') as upgraded_at`,
    [memberId],
  );
  return { tierId: row?.tier_id ?? null, upgradedAt: row?.upgraded_at ?? null };
}

/** SQL condition: the member (`memberId`, a column of the outer query) is on one of `tierIds` now. For segment filters. */
export function onTiersSql(memberId: SqlFragment, tierIds: readonly string[]): SqlFragment {
  return sql`exists (select 1 from member_tiers t where t.member_id = ${memberId} and t.tier_id = any(${tierIds}::text[]))`;
}
