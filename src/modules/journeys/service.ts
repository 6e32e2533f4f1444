import { sqlState, type Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { couponExists } from '../program/coupons.js';
import { rewardExists } from '../program/rewards.js';
import type { Journey, JourneyInput, JourneyStep, JourneyTrigger } from './contract.js';
import { JourneyNotFound, JourneyReferenceUnknown } from './errors.js';

export interface JourneyRow {
  id: string;
  name: string;
  status: 'active' | 'paused';
  trigger: JourneyTrigger;
  steps: JourneyStep[];
  created_at: Date;
  updated_at: Date;
}

function toJourney(row: JourneyRow): Journey {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    trigger: row.trigger,
    steps: row.steps,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Coupons and rewards a step hands out must exist when the journey is saved, not fail for every member later. */
async function checkReferences(db: Sql, steps: readonly JourneyStep[]): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  for (const [i, step] of steps.entries()) {
    const action = step.action;
    if (action.type === 'issue_coupon' && !(await couponExists(db, action.couponId))) problems.push({ path: `body.steps.${i}.action.couponId`, message: `no coupon ${action.couponId}` });
    if (action.type === 'grant_reward' && !(await rewardExists(db, action.rewardId))) problems.push({ path: `body.steps.${i}.action.rewardId`, message: `no reward ${action.rewardId}` });
  }
  if (problems.length > 0) throw new JourneyReferenceUnknown(problems);
}

/** The segment a trigger reads (its own or the one restricting it), kept as a foreign key so it cannot be deleted meanwhile. */
const segmentOf = (trigger: JourneyTrigger) => trigger.segmentId ?? null;

/** The foreign key to segments names a segment that does not exist: the same problem as a missing coupon. */
async function withSegmentChecked<T>(trigger: JourneyTrigger, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === '23503' && trigger.segmentId) throw new JourneyReferenceUnknown([{ path: 'body.trigger.segmentId', message: `no segment ${trigger.segmentId}` }]);
    throw error;
  }
}

export async function createJourney(tx: Sql, input: JourneyInput, now: Date): Promise<Journey> {
  await checkReferences(tx, input.steps);
  const [row] = await withSegmentChecked(input.trigger, () =>
    tx.query<JourneyRow>(
      `insert into journeys (id, name, status, trigger, steps, segment_id, created_at, updated_at) values ($1, $2, 'active', $3, $4, $5, $6, $6) returning *`,
      [newId('jrn'), input.name, JSON.stringify(input.trigger), JSON.stringify(input.steps), segmentOf(input.trigger), now],
    ),
  );
  return toJourney(row!);
}

/**
 * Replaces name, trigger and steps. Members already inside continue at their step index with the new
 * steps (a journey shortened below their position completes at its next run).
 */
export async function replaceJourney(tx: Sql, journeyId: string, input: JourneyInput, now: Date): Promise<Journey> {
  await checkReferences(tx, input.steps);
  const [row] = await withSegmentChecked(input.trigger, () =>
    tx.query<JourneyRow>(`update journeys set name = $2, trigger = $3, steps = $4, segment_id = $5, updated_at = $6 where id = $1 returning *`, [
      journeyId,
      input.name,
      JSON.stringify(input.trigger),
      JSON.stringify(input.steps),
      segmentOf(input.trigger),
      now,
    ]),
  );
  if (!row) throw new JourneyNotFound(journeyId);
  return toJourney(row);
}

/** Paused journeys neither enrol nor advance; resuming picks up every step that fell due meanwhile. */
export async function setJourneyStatus(tx: Sql, journeyId: string, status: Journey['status'], now: Date): Promise<Journey> {
  const [row] = await tx.query<JourneyRow>('update journeys set status = $2, updated_at = $3 where id = $1 returning *', [journeyId, status, now]);
  if (!row) throw new JourneyNotFound(journeyId);
  return toJourney(row);
}

export async function getJourney(db: Sql, journeyId: string): Promise<Journey> {
  const [row] = await db.query<JourneyRow>('select * from journeys where id = $1', [journeyId]);
  if (!row) throw new JourneyNotFound(journeyId);
  return toJourney(row);
}

export async function listJourneys(db: Sql, query: { limit: number; cursor?: string | undefined }): Promise<Page<Journey>> {
  const rows = await db.query<JourneyRow>('select * from journeys where id > $1 order by id limit $2', [query.cursor ?? '', query.limit + 1]);
  return toPage(rows, query.limit, toJourney);
}
