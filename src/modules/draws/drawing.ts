import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { Page } from '../../db/page.js';
import { recordEvents } from '../events/service.js';
import { earnForActivity, type Actor } from '../ledger/service.js';
import { grantRewardCode } from '../program/rewards.js';
import { findDraw, toDraw, type DrawRow } from './campaigns.js';
import { entriesHashOf } from './commitments.js';
import type { Award, DrawOutcome, DrawWinner, PrizeTable } from './contract.js';
import { DrawAlreadyDrawn, DrawEntriesChanged, DrawNotClosed, DrawNotDrawn } from './errors.js';
import { entrantsOf, sealDraw } from './sealing.js';
import { drawWinners, type Winner } from './selection.js';

/** The prize a level stands for; the level after the last is the consolation prize. */
function prizeAt(table: PrizeTable, level: number): { name: string; award: Award } {
  return table.prizes[level] ?? table.consolation!;
}

interface Awarded {
  ledgerEntryId: string | null;
  rewardCode: string | null;
}

async function awardPrize(tx: Sql, program: ProgramConfig, row: DrawRow, winner: Winner, context: { now: Date; actor: Actor }): Promise<Awarded> {
  const { name, award } = prizeAt(row.prizes, winner.level);
  if (award.type === 'points') {
    const details = { draw: { id: row.id, name: row.name, level: winner.level, prize: name } };
    const earned = await earnForActivity(tx, program, { memberId: winner.memberId, points: award.points, details, occurredAt: context.now, asOf: context.now }, context.actor);
    return { ledgerEntryId: earned.entryId, rewardCode: null };
  }
  if (award.type === 'reward') {
    const code = await grantRewardCode(tx, { memberId: winner.memberId, rewardId: award.rewardId, reason: `${row.name}: ${name}` }, context.now);
    return { ledgerEntryId: null, rewardCode: code };
  }
  return { ledgerEntryId: null, rewardCode: null };
}

function toWinner(table: PrizeTable, w: Winner & Awarded): DrawWinner {
  const { name, award } = prizeAt(table, w.level);
  return { position: w.position, memberId: w.memberId, level: w.level, prize: name, award, ledgerEntryId: w.ledgerEntryId, rewardCode: w.rewardCode };
}

/**
 * Runs the draw once, after the close, in one transaction: seals the entries if the job has not yet,
 * reveals the seed, computes the winners (`drawWinners`), awards every prize (points through the
 * ledger, reward codes from the catalog), stores the results and announces them in the outbox. The
 * campaign's row lock and `drawn_at` make a second draw a 409, so no prize is ever awarded twice.
 */
export async function runDraw(tx: Sql, program: ProgramConfig, drawId: string, context: { now: Date; actor: Actor }): Promise<DrawOutcome> {
  let row = await findDraw(tx, drawId, true);
  if (row.drawn_at) throw new DrawAlreadyDrawn(drawId);
  if (context.now < row.closes_at) throw new DrawNotClosed(row.closes_at);
  let entrants;
  if (row.sealed_at) {
    entrants = await entrantsOf(tx, drawId);
    if (entriesHashOf(entrants) !== row.entries_hash) throw new DrawEntriesChanged(drawId);
  } else {
    ({ row, entrants } = await sealDraw(tx, row, context.now));
  }
  const table = row.prizes;
  const winners = drawWinners(row.seed, entrants, { levels: table.prizes, consolation: table.consolation !== null });
  const awarded: (Winner & Awarded)[] = [];
  for (const winner of winners) awarded.push({ ...winner, ...(await awardPrize(tx, program, row, winner, context)) });
  await tx.query(
    `insert into draw_results (campaign_id, member_id, position, level, ledger_entry_id, reward_code, awarded_at)
     select $1::text, r.*, $7::timestamptz from unnest($2::text[], $3::int4[], $4::int4[], $5::text[], $6::text[]) as r`,
    [drawId, awarded.map((w) => w.memberId), awarded.map((w) => w.position), awarded.map((w) => w.level), awarded.map((w) => w.ledgerEntryId), awarded.map((w) => w.rewardCode), context.now],
  );
  const [drawn] = await tx.query<DrawRow>('update draw_campaigns set drawn_at = $2 where id = $1 returning *', [drawId, context.now]);
  const results = awarded.map((w) => toWinner(table, w));
  const consolations = results.filter((w) => w.level === table.prizes.length).length;
  await recordEvents(tx, [
    {
      type: 'draw.drawn',
      memberId: null,
      payload: { drawId, seed: drawn!.seed, seedHash: drawn!.seed_hash, entriesHash: drawn!.entries_hash, winners: results.length - consolations, consolations },
      occurredAt: context.now,
    },
    ...results.map((w) => ({ type: 'draw.prize_awarded' as const, memberId: w.memberId, payload: { drawId, ...w }, occurredAt: context.now })),
  ]);
  return { draw: toDraw(drawn!, context.now), winners: results.filter((w) => w.level < table.prizes.length), consolations };
}

interface ResultRow {
  member_id: string;
  position: number;
  level: number;
  ledger_entry_id: string | null;
  reward_code: string | null;
}

async function drawnCampaign(db: Sql, drawId: string): Promise<DrawRow> {
  const row = await findDraw(db, drawId);
  if (!row.drawn_at) throw new DrawNotDrawn(drawId);
  return row;
}

/** Every prize awarded, in the order of the draw; the cursor is the last position seen. */
export async function listResults(db: Sql, drawId: string, query: { limit: number; cursor?: number | undefined }): Promise<Page<DrawWinner>> {
  const row = await drawnCampaign(db, drawId);
  const rows = await db.query<ResultRow>('select * from draw_results where campaign_id = $1 and position > $2 order by position limit $3', [drawId, query.cursor ?? -1, query.limit + 1]);
  const data = rows.slice(0, query.limit).map((r) =>
    toWinner(row.prizes, { position: r.position, memberId: r.member_id, level: r.level, ledgerEntryId: r.ledger_entry_id, rewardCode: r.reward_code }),
  );
  const hasMore = rows.length > query.limit;
  return { data, hasMore, nextCursor: hasMore ? String(data.at(-1)!.position) : null };
}

/** Positions and levels only, in draw order: what a verifier compares its own run against. */
export async function storedResults(db: Sql, drawId: string): Promise<{ row: DrawRow; results: Winner[] }> {
  const row = await drawnCampaign(db, drawId);
  const rows = await db.query<ResultRow>('select member_id, position, level from draw_results where campaign_id = $1 order by position', [drawId]);
  return { row, results: rows.map((r) => ({ position: r.position, memberId: r.member_id, level: r.level })) };
}
