import type { ProgramConfig } from '../../config.js';
import { sqlState, violatedConstraint, type Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { recordEvent } from '../events/service.js';
import { redeemPoints, reverseEntry, type Actor } from '../ledger/service.js';
import type { CreateRewardInput, Reward, RewardCode, UpdateRewardInput } from './rewards-contract.js';
import { RewardCodeNotFound, RewardCodeSpent, RewardNotFound, RewardStockBelowIssued, RewardUnavailable } from './errors.js';
import { normalizeCode, randomCode } from './codes.js';
import { currentTierId } from './tier-service.js';

interface RewardRow {
  id: string;
  name: string;
  description: string | null;
  kind: Reward['kind'];
  points_cost: number;
  value_minor: number | null;
  currency: string | null;
  stock: number | null;
  issued: number;
  per_member_limit: number | null;
  tiers: string[];
  active: boolean;
  created_at: Date;
}

function toReward(row: RewardRow): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    pointsCost: row.points_cost,
    valueMinor: row.value_minor,
    currency: row.currency,
    stock: row.stock,
    perMemberLimit: row.per_member_limit,
    tiers: row.tiers,
    active: row.active,
    issued: row.issued,
    available: row.stock === null ? null : row.stock - row.issued,
    createdAt: row.created_at.toISOString(),
  };
}

export async function createReward(tx: Sql, input: CreateRewardInput, now: Date): Promise<Reward> {
  const [row] = await tx.query<RewardRow>(
    `insert into rewards (id, name, description, kind, points_cost, value_minor, currency, stock, per_member_limit, tiers, active, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *`,
    [newId('rwd'), input.name, input.description ?? null, input.kind, input.pointsCost, input.valueMinor ?? null, input.currency ?? null, input.stock ?? null, input.perMemberLimit ?? null, input.tiers, input.active, now],
  );
  return toReward(row!);
}

const UPDATABLE: Record<keyof UpdateRewardInput, string> = {
  name: 'name',
  description: 'description',
  kind: 'kind',
  pointsCost: 'points_cost',
  valueMinor: 'value_minor',
  currency: 'currency',
  stock: 'stock',
  perMemberLimit: 'per_member_limit',
  tiers: 'tiers',
  active: 'active',
};

export async function updateReward(tx: Sql, rewardId: string, input: UpdateRewardInput): Promise<Reward> {
  const fields = Object.keys(input) as (keyof UpdateRewardInput)[];
  const sets = fields.map((f, i) => `${UPDATABLE[f]} = $${i + 2}`);
  let row: RewardRow | undefined;
  try {
    [row] = await tx.query<RewardRow>(
      `update rewards set ${sets.length > 0 ? sets.join(', ') : 'id = id'} where id = $1 returning *`,
      [rewardId, ...fields.map((f) => input[f] ?? null)],
    );
  } catch (error) {
    if (sqlState(error) === '23514' && violatedConstraint(error) === 'rewards_stock_holds') throw new RewardStockBelowIssued();
    throw error;
  }
  if (!row) throw new RewardNotFound(rewardId);
  return toReward(row);
}

export async function listRewards(db: Sql, activeOnly: boolean): Promise<Reward[]> {
  const rows = await db.query<RewardRow>('select * from rewards where ($1::boolean is false or active) order by points_cost, id', [activeOnly]);
  return rows.map(toReward);
}

interface CodeRow {
  id: string;
  code: string;
  reward_id: string;
  reward_name: string;
  points_cost: number;
  member_id: string;
  status: RewardCode['status'];
  entry_id: string | null;
  reversal_entry_id: string | null;
  issued_at: Date;
  used_at: Date | null;
  cancelled_at: Date | null;
}

function toCode(row: CodeRow): RewardCode {
  return {
    id: row.id,
    code: row.code,
    rewardId: row.reward_id,
    rewardName: row.reward_name,
    memberId: row.member_id,
    status: row.status,
    pointsCost: row.points_cost,
    entryId: row.entry_id,
    reversalEntryId: row.reversal_entry_id,
    issuedAt: row.issued_at.toISOString(),
    usedAt: row.used_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
  };
}

const CODE_COLUMNS = `c.*, r.name as reward_name, r.points_cost`;

async function findCode(db: Sql, code: string, lock: boolean): Promise<CodeRow> {
  const [row] = await db.query<CodeRow>(
    `select ${CODE_COLUMNS} from reward_codes c join rewards r on r.id = c.reward_id where c.code = $1${lock ? ' for update of c' : ''}`,
    [normalizeCode(code)],
  );
  if (!row) throw new RewardCodeNotFound();
  return row;
}

/**
 * Redeems points for a reward: checks it is active, in stock, allowed for the member's tier and under
 * their limit (all under the reward's row lock), spends the points through the ledger (soonest-expiring
 * first, never overdrawn) and issues a single-use code — one transaction.
 */
export async function redeemReward(tx: Sql, input: { memberId: string; rewardId: string }, context: { now: Date; actor: Actor }): Promise<RewardCode> {
  const [reward] = await tx.query<RewardRow>('select * from rewards where id = $1 for update', [input.rewardId]);
  if (!reward) throw new RewardNotFound(input.rewardId);
  if (!reward.active) throw new RewardUnavailable('reward_inactive', `${reward.name} is not available now.`);
  if (reward.stock !== null && reward.issued >= reward.stock) throw new RewardUnavailable('reward_out_of_stock', `${reward.name} is out of stock.`);
  if (reward.tiers.length > 0) {
    const tier = await currentTierId(tx, input.memberId);
    if (!tier || !reward.tiers.includes(tier)) throw new RewardUnavailable('reward_tier_restricted', `${reward.name} is for ${reward.tiers.join(', ')} members.`);
  }
  if (reward.per_member_limit !== null) {
    const [taken] = await tx.query<{ n: number }>(`select count(*)::int8 as n from reward_codes where reward_id = $1 and member_id = $2 and status <> 'cancelled'`, [reward.id, input.memberId]);
    if (taken!.n >= reward.per_member_limit) throw new RewardUnavailable('reward_member_limit', `This member already has ${reward.name} ${taken!.n} time(s).`);
  }
  const spent = await redeemPoints(tx, { memberId: input.memberId, points: reward.points_cost, reason: `reward: ${reward.name}`, occurredAt: context.now }, context.actor);
  await tx.query('update rewards set issued = issued + 1 where id = $1', [reward.id]);
  const code = randomCode(10);
  await tx.query(
    `insert into reward_codes (id, reward_id, member_id, code, status, entry_id, issued_at) values ($1, $2, $3, $4, 'issued', $5, $6)`,
    [newId('rcd'), reward.id, input.memberId, code, spent.entryId, context.now],
  );
  await recordEvent(tx, { type: 'reward.redeemed', memberId: input.memberId, payload: { rewardId: reward.id, name: reward.name, points: reward.points_cost, code, entryId: spent.entryId }, occurredAt: context.now });
  return toCode(await findCode(tx, code, false));
}

export async function rewardExists(db: Sql, rewardId: string): Promise<boolean> {
  const [row] = await db.query<{ id: string }>('select id from rewards where id = $1', [rewardId]);
  return row !== undefined;
}

/**
 * Gives a reward away (a draw prize): a single-use code with no points spent. Stock still holds,
 * under the reward's row lock; tier restrictions and per-member limits are for purchases, not prizes.
 */
export async function grantRewardCode(tx: Sql, input: { memberId: string; rewardId: string; reason: string }, now: Date): Promise<string> {
  const [reward] = await tx.query<RewardRow>('select * from rewards where id = $1 for update', [input.rewardId]);
  if (!reward) throw new RewardNotFound(input.rewardId);
  if (reward.stock !== null && reward.issued >= reward.stock) throw new RewardUnavailable('reward_out_of_stock', `${reward.name} is out of stock.`);
  await tx.query('update rewards set issued = issued + 1 where id = $1', [reward.id]);
  const code = randomCode(10);
  await tx.query(`insert into reward_codes (id, reward_id, member_id, code, status, entry_id, issued_at) values ($1, $2, $3, $4, 'issued', null, $5)`, [
    newId('rcd'),
    reward.id,
    input.memberId,
    code,
    now,
  ]);
  await recordEvent(tx, { type: 'reward.granted', memberId: input.memberId, payload: { rewardId: reward.id, name: reward.name, code, reason: input.reason }, occurredAt: now });
  return code;
}

/** The till scans the code: issued → used, once. */
export async function useRewardCode(tx: Sql, code: string, now: Date): Promise<RewardCode> {
  const row = await findCode(tx, code, true);
  if (row.status !== 'issued') throw new RewardCodeSpent(row.status);
  await tx.query(`update reward_codes set status = 'used', used_at = $2 where id = $1`, [row.id, now]);
  return toCode(await findCode(tx, row.code, false));
}

/** An unused code is cancelled and its points come back (a reversal of the redemption), stock too. */
export async function cancelRewardCode(tx: Sql, program: ProgramConfig, code: string, context: { now: Date; actor: Actor }): Promise<RewardCode> {
  const row = await findCode(tx, code, true);
  if (row.status !== 'issued') throw new RewardCodeSpent(row.status);
  // A code given as a prize cost no points, so there is nothing to give back.
  const reversal =
    row.entry_id === null
      ? null
      : await reverseEntry(tx, program, { memberId: row.member_id, entryId: row.entry_id, reason: `reward code ${row.code} cancelled`, occurredAt: context.now }, context.actor);
  const reversalEntryId = reversal?.entryId ?? null;
  await tx.query(`update reward_codes set status = 'cancelled', cancelled_at = $2, reversal_entry_id = $3 where id = $1`, [row.id, context.now, reversalEntryId]);
  await tx.query('update rewards set issued = issued - 1 where id = $1', [row.reward_id]);
  await recordEvent(tx, { type: 'reward.cancelled', memberId: row.member_id, payload: { rewardId: row.reward_id, code: row.code, reversalEntryId }, occurredAt: context.now });
  return toCode(await findCode(tx, row.code, false));
}

export async function memberRewardCodes(db: Sql, memberId: string): Promise<RewardCode[]> {
  const rows = await db.query<CodeRow>(`select ${CODE_COLUMNS} from reward_codes c join rewards r on r.id = c.reward_id where c.member_id = $1 order by c.issued_at desc, c.id desc`, [memberId]);
  return rows.map(toCode);
}
