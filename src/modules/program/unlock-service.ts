import type { Sql } from '../../db/client.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { spendAndVisits } from '../orders/queries.js';
import { latestDocument, saveDocument } from './documents.js';
import { progressOf } from './unlocks.js';
import { unlockSet, type UnlockProgress, type UnlockSet } from './unlocks-contract.js';

const DAY_MS = 86_400_000;

export async function setUnlocks(tx: Sql, set: UnlockSet, now: Date): Promise<UnlockSet> {
  await saveDocument(tx, 'unlock_sets', set, now);
  return set;
}

export async function getUnlocks(db: Sql): Promise<UnlockSet> {
  const definition = await latestDocument(db, 'unlock_sets');
  return definition === null ? { unlocks: [] } : unlockSet.parse(definition);
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
