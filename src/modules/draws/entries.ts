import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { lockAccount } from '../ledger/journal.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { statusOf, findDraw, type DrawRow } from './campaigns.js';
import type { DrawEntry, EntrySource, GrantEntriesInput } from './contract.js';
import { DrawAlreadyDrawn, DrawEntryLimitReached, DrawNotOpen, DrawReferenceConflict } from './errors.js';

/** Entries for one campaign, as a rule effect names them. */
export interface DrawGrant {
  campaignId: string;
  entries: number;
}

/** An order or event that earned entries: who, which act, and when it happened and was recorded. */
export interface EarningAct {
  memberId: string;
  source: Extract<EntrySource, 'order' | 'event'>;
  sourceId: string;
  occurredAt: Date;
  now: Date;
}

/**
 * The draw entries an evaluation gives, summed per campaign (several rules may name the same one).
 * @example drawGrants([{ type: 'draw_entries', campaignId: 'drw_1', entries: 2 }, { type: 'fixed_points' }]) // [{ campaignId: 'drw_1', entries: 2 }]
 */
export function drawGrants(effects: readonly { type: string; campaignId?: string | undefined; entries?: number | undefined }[]): DrawGrant[] {
  const totals = new Map<string, number>();
  for (const e of effects) {
    if (e.type === 'draw_entries' && e.campaignId !== undefined && e.entries !== undefined) totals.set(e.campaignId, (totals.get(e.campaignId) ?? 0) + e.entries);
  }
  return [...totals].map(([campaignId, entries]) => ({ campaignId, entries }));
}

/**
 * Whether an act counts: it happened inside [opensAt, closesAt) and is recorded before the close and
 * before sealing. A late-recorded act outside that is ignored, never an error, so the list cannot
 * change once it is committed.
 */
export function acceptsEntries(row: Pick<DrawRow, 'opens_at' | 'closes_at' | 'sealed_at' | 'drawn_at'>, occurredAt: Date, now: Date): boolean {
  return !row.sealed_at && !row.drawn_at && occurredAt >= row.opens_at && occurredAt < row.closes_at && now < row.closes_at;
}

/** Entries that still fit under the per-member maximum. */
function fitting(entries: number, max: number | null, held: number): number {
  return max === null ? entries : Math.max(0, Math.min(entries, max - held));
}

async function heldEntries(tx: Sql, memberId: string, drawIds: readonly string[]): Promise<Map<string, number>> {
  if (drawIds.length === 0) return new Map();
  const rows = await tx.query<{ campaign_id: string; entries: number }>(
    'select campaign_id, sum(entries)::int8 as entries from draw_entries where member_id = $1 and campaign_id = any($2::text[]) group by campaign_id',
    [memberId, drawIds],
  );
  return new Map(rows.map((r) => [r.campaign_id, r.entries]));
}

interface EntryRow {
  id: string;
  campaign_id: string;
  member_id: string;
  entries: number;
  source: EntrySource;
  source_id: string | null;
  occurred_at: Date;
  created_at: Date;
}

function toEntry(row: EntryRow): DrawEntry {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    memberId: row.member_id,
    entries: row.entries,
    source: row.source,
    sourceId: row.source_id,
    occurredAt: row.occurred_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export interface NewEntry {
  campaignId: string;
  memberId: string;
  entries: number;
  source: EntrySource;
  sourceId: string | null;
  occurredAt: Date;
}

/** Inserts entry rows in one statement; a source already entered in a campaign is skipped (retries grant nothing twice). */
export async function insertEntries(tx: Sql, rows: readonly NewEntry[], now: Date): Promise<EntryRow[]> {
  if (rows.length === 0) return [];
  return tx.query<EntryRow>(
    `insert into draw_entries (id, campaign_id, member_id, entries, source, source_id, occurred_at, created_at)
     select id, campaign_id, member_id, entries, source, source_id, occurred_at, $7
     from unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::text[], $6::text[], $8::timestamptz[])
       as r(id, campaign_id, member_id, entries, source, source_id, occurred_at)
     on conflict (campaign_id, source, source_id) where source <> 'tier' do nothing
     returning *`,
    [
      rows.map(() => newId('den')),
      rows.map((r) => r.campaignId),
      rows.map((r) => r.memberId),
      rows.map((r) => r.entries),
      rows.map((r) => r.source),
      rows.map((r) => r.sourceId),
      now,
      rows.map((r) => r.occurredAt),
    ],
  );
}

/**
 * Campaigns still taking entries at `now`, locked `for share`: sealing takes them `for update`, so it
 * waits for every grant in flight and no entry slips in after the list is hashed. Closed campaigns are
 * never locked here: a draw holding one may be waiting for the account lock our caller holds.
 */
function lockOpenCampaigns(tx: Sql, drawIds: readonly string[], now: Date): Promise<DrawRow[]> {
  return tx.query<DrawRow>('select * from draw_campaigns where id = any($1::text[]) and sealed_at is null and closes_at > $2 order by id for share', [drawIds, now]);
}

/**
 * Records the entries an order or event earned in the open campaigns it names. Call it holding the
 * member's account lock, which serializes the member's grants so a per-member maximum holds.
 */
export async function recordDrawEntries(tx: Sql, act: EarningAct, grants: readonly DrawGrant[]): Promise<void> {
  const campaigns = await lockOpenCampaigns(tx, grants.map((g) => g.campaignId), act.now);
  const open = campaigns.filter((c) => acceptsEntries(c, act.occurredAt, act.now));
  if (open.length === 0) return;
  const held = await heldEntries(tx, act.memberId, open.filter((c) => c.max_entries_per_member !== null).map((c) => c.id));
  const rows = open.map((c) => ({
    campaignId: c.id,
    memberId: act.memberId,
    entries: fitting(grants.find((g) => g.campaignId === c.id)!.entries, c.max_entries_per_member, held.get(c.id) ?? 0),
    source: act.source,
    sourceId: act.sourceId,
    occurredAt: act.occurredAt,
  }));
  await insertEntries(tx, rows.filter((r) => r.entries > 0), act.now);
}

/**
 * The same, never failing the order or event that earned the entries: a failure is rolled back to a
 * savepoint and reported, and the purchase stands. Without grants it costs nothing, not even a query.
 */
export async function earnDrawEntries(tx: Sql, act: EarningAct, grants: readonly DrawGrant[], report: (error: unknown) => void): Promise<void> {
  if (grants.length === 0) return;
  await tx.query('savepoint draw_entries');
  try {
    await recordDrawEntries(tx, act, grants);
    await tx.query('release savepoint draw_entries');
  } catch (error) {
    await tx.query('rollback to savepoint draw_entries');
    report(error);
  }
}

async function grantByReference(tx: Sql, drawId: string, input: GrantEntriesInput): Promise<DrawEntry | null> {
  if (input.reference === undefined) return null;
  const [row] = await tx.query<EntryRow>(`select * from draw_entries where campaign_id = $1 and source = 'manual' and source_id = $2`, [drawId, input.reference]);
  if (!row) return null;
  if (row.member_id !== input.memberId) throw new DrawReferenceConflict(input.reference);
  return toEntry(row);
}

/**
 * A manual grant (a store event, a goodwill gesture) while the draw is open, up to the per-member
 * maximum. With a `reference`, sending it again returns the first grant.
 */
export async function grantEntries(tx: Sql, drawId: string, input: GrantEntriesInput, now: Date): Promise<DrawEntry> {
  const member = await getMember(tx, input.memberId);
  if (member.status !== 'active') throw new MemberNotFound(input.memberId);
  await lockAccount(tx, member.id);
  const campaign = await findDraw(tx, drawId);
  const earlier = await grantByReference(tx, drawId, input);
  if (earlier) return earlier;
  if (campaign.drawn_at) throw new DrawAlreadyDrawn(drawId);
  if (!acceptsEntries(campaign, now, now) || (await lockOpenCampaigns(tx, [drawId], now)).length === 0) throw new DrawNotOpen(statusOf(campaign, now));
  const held = (await heldEntries(tx, member.id, [drawId])).get(drawId) ?? 0;
  const entries = fitting(input.entries, campaign.max_entries_per_member, held);
  if (entries === 0) throw new DrawEntryLimitReached(campaign.max_entries_per_member!);
  const rows = await insertEntries(tx, [{ campaignId: drawId, memberId: member.id, entries, source: 'manual', sourceId: input.reference ?? null, occurredAt: now }], now);
  // Empty only when another member's grant took the same reference first (their account lock is not ours).
  if (rows.length === 0) throw new DrawReferenceConflict(input.reference ?? '');
  return toEntry(rows[0]!);
}

type PageQuery = { limit: number; cursor?: string | undefined };

/** A campaign's entries in the order they were recorded. */
export async function listDrawEntries(db: Sql, drawId: string, query: PageQuery): Promise<Page<DrawEntry>> {
  await findDraw(db, drawId);
  const rows = await db.query<EntryRow>('select * from draw_entries where campaign_id = $1 and ($2::text is null or id > $2) order by id limit $3', [drawId, query.cursor ?? null, query.limit + 1]);
  return toPage(rows, query.limit, toEntry);
}

/** A member's entries in every campaign, newest first. */
export async function listMemberEntries(db: Sql, memberId: string, query: PageQuery): Promise<Page<DrawEntry>> {
  await getMember(db, memberId);
  const rows = await db.query<EntryRow>('select * from draw_entries where member_id = $1 and ($2::text is null or id < $2) order by id desc limit $3', [memberId, query.cursor ?? null, query.limit + 1]);
  return toPage(rows, query.limit, toEntry);
}
