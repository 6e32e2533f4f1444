import type { Database, Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import type { Drop, DropAccess, DropInput } from './drops-contract.js';
import { accessDecision } from './drops.js';
import { DropNotFound, DropTierUnknown } from './errors.js';
import { refreshTier } from './tier-service.js';
import type { TierLadder } from './tiers-contract.js';

interface DropRow {
  id: string;
  name: string;
  skus: string[];
  public_starts_at: Date;
  ends_at: Date | null;
  early_access: { tier: string; startsAt: string }[];
  created_at: Date;
  updated_at: Date;
}

function toDrop(row: DropRow): Drop {
  return {
    id: row.id,
    name: row.name,
    skus: row.skus,
    publicStartsAt: row.public_starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    earlyAccess: row.early_access,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Early access by tier needs those tiers in the ladder; times are kept as UTC instants. */
function earlyAccessToStore(input: DropInput, ladder: TierLadder | null): string {
  const unknown = input.earlyAccess.flatMap((w, i) =>
    ladder?.tiers.some((t) => t.id === w.tier) ? [] : [{ path: `body.earlyAccess.${i}.tier`, message: ladder ? `no tier ${w.tier} in the ladder` : 'there is no tier ladder' }],
  );
  if (unknown.length > 0) throw new DropTierUnknown(unknown);
  return JSON.stringify(input.earlyAccess.map((w) => ({ tier: w.tier, startsAt: new Date(w.startsAt).toISOString() })));
}

export async function createDrop(tx: Sql, ladder: TierLadder | null, input: DropInput, now: Date): Promise<Drop> {
  const [row] = await tx.query<DropRow>(
    `insert into drops (id, name, skus, public_starts_at, ends_at, early_access, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) returning *`,
    [newId('drp'), input.name, input.skus, input.publicStartsAt, input.endsAt, earlyAccessToStore(input, ladder), now],
  );
  return toDrop(row!);
}

/** Replaces the drop's definition as a whole. */
export async function replaceDrop(tx: Sql, ladder: TierLadder | null, dropId: string, input: DropInput, now: Date): Promise<Drop> {
  const [row] = await tx.query<DropRow>(
    `update drops set name = $2, skus = $3, public_starts_at = $4, ends_at = $5, early_access = $6, updated_at = $7 where id = $1 returning *`,
    [dropId, input.name, input.skus, input.publicStartsAt, input.endsAt, earlyAccessToStore(input, ladder), now],
  );
  if (!row) throw new DropNotFound(dropId);
  return toDrop(row);
}

export async function getDrop(db: Sql, dropId: string): Promise<Drop> {
  const [row] = await db.query<DropRow>('select * from drops where id = $1', [dropId]);
  if (!row) throw new DropNotFound(dropId);
  return toDrop(row);
}

export async function listDrops(db: Sql, query: { limit: number; cursor?: string | undefined }): Promise<Page<Drop>> {
  const rows = await db.query<DropRow>('select * from drops where id > $1 order by id limit $2', [query.cursor ?? '', query.limit + 1]);
  return toPage(rows, query.limit, toDrop);
}

/** The access decision for one member's tier, as the API reports it. */
function accessOf(drop: Drop, ladder: TierLadder | null, memberId: string, tier: string | null, now: Date): DropAccess {
  const decision = accessDecision(
    {
      publicStartsAt: new Date(drop.publicStartsAt),
      endsAt: drop.endsAt === null ? null : new Date(drop.endsAt),
      earlyAccess: drop.earlyAccess.map((w) => ({ tier: w.tier, startsAt: new Date(w.startsAt) })),
    },
    ladder,
    tier,
    now,
  );
  return { memberId, dropId: drop.id, tier, allowed: decision.allowed, from: decision.from.toISOString(), until: decision.until?.toISOString() ?? null, reason: decision.reason };
}

/** Whether and from when the member may buy from the drop, by their tier brought up to date now. */
export async function memberDropAccess(db: Database, ladder: TierLadder | null, memberId: string, dropId: string, now: Date): Promise<DropAccess> {
  const drop = await getDrop(db, dropId);
  const member = await getMember(db, memberId);
  if (member.status !== 'active') throw new MemberNotFound(memberId);
  const tier = ladder ? (await db.transaction((tx) => refreshTier(tx, ladder, memberId, now))).tierId : null;
  return accessOf(drop, ladder, memberId, tier, now);
}

/** How many drops the wallet lists: the soonest to open first. */
const MEMBER_DROPS = 20;

/**
 * Drops not yet ended, soonest public start first, each with when this member may buy (their tier
 * brought up to date now, once for all of them).
 */
export async function openDropsForMember(db: Database, ladder: TierLadder | null, memberId: string, now: Date): Promise<{ drop: Drop; access: DropAccess }[]> {
  const rows = await db.query<DropRow>('select * from drops where ends_at is null or ends_at > $1 order by public_starts_at, id limit $2', [now, MEMBER_DROPS]);
  if (rows.length === 0) return [];
  const tier = ladder ? (await db.transaction((tx) => refreshTier(tx, ladder, memberId, now))).tierId : null;
  return rows.map(toDrop).map((drop) => ({ drop, access: accessOf(drop, ladder, memberId, tier, now) }));
}
