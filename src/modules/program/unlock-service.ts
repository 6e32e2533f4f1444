import type { Sql } from '../../db/client.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { spendAndVisits } from '../orders/queries.js';
import { progressOf } from './unlocks.js';
import { unlockSet, type UnlockProgress, type UnlockSet } from './unlocks-contract.js';

const DAY_MS = 86_400_000;

export async function setUnlocks(tx: Sql, set: UnlockSet, now: Date): Promise<UnlockSet> {
  await tx.query(`insert into unlock_sets (version, definition, created_at) select coalesce(max(version), 0) + 1, $1, $2 from unlock_sets`, [JSON.stringify(set), now]);
  return set;
}

export async function getUnlocks(db: Sql): Promise<UnlockSet> {
  const [row] = await db.query<{ definition: unknown }>('select definition from unlock_sets order by version desc limit 1');
  return row ? unlockSet.parse(row.definition) : { unlocks: [] };
}

/** Each unlock's progress for the member, measured over its own window ending now. */
export async function memberUnlocks(db: Sql, memberId: string, now: Date): Promise<{ memberId: string; data: UnlockProgress[] }> {
  const member = await getMember(db, memberId);
  if (member.status !== 'active') throw new MemberNotFound(memberId);
  const { unlocks } = await getUnlocks(db);
  const data: UnlockProgress[] = [];
  for (const unlock of unlocks) {
    const { spend, visits } = await spendAndVisits(db, memberId, new Date(now.getTime() - unlock.windowDays * DAY_MS), new Date(now.getTime() + 1));
    data.push(progressOf(unlock, unlock.basis === 'spend' ? spend : visits));
  }
  return { memberId, data };
}
