import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { drawGrants, earnDrawEntries } from '../draws/entries.js';
import { assertNotInFuture } from '../ledger/errors.js';
import { lockAccount } from '../ledger/journal.js';
import { earnForActivity, type Actor } from '../ledger/service.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import type { Activity, ActivityInput, Evaluation } from './contract.js';
import { EventIdConflict } from './errors.js';
import { evaluateRules } from './evaluate.js';
import { memberForRules } from './order-earning.js';
import { activeRuleVersions } from './rules.js';
import { recordRuleUsage, ruleUsageFor } from './usage.js';

interface ActivityRow {
  id: string;
  event_id: string;
  member_id: string;
  type: string;
  occurred_at: Date;
  points: number;
  entry_id: string | null;
  evaluation: Evaluation | null;
}

function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    eventId: row.event_id,
    memberId: row.member_id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    points: row.points,
    entryId: row.entry_id,
    explanation: row.evaluation?.explanation ?? [],
    effects: row.evaluation?.effects ?? [],
  };
}

/**
 * Records a non-purchase act once (by the merchant's event id) and earns what the active rules give
 * for it: points, and entries in open draws (never failing the event over them). Caps hold under concurrency: the member's account lock serializes their events, and rules
 * with a total budget are locked while their usage is read and written.
 */
export async function recordActivity(
  tx: Sql,
  program: ProgramConfig,
  input: ActivityInput,
  context: { now: Date; actor: Actor; reportDrawFailure: (error: unknown) => void },
): Promise<{ activity: Activity; created: boolean }> {
  const occurredAt = new Date(input.occurredAt);
  assertNotInFuture(occurredAt, context.now);
  const [existing] = await tx.query<ActivityRow>('select * from member_activities where event_id = $1', [input.eventId]);
  if (existing) return { activity: sameEvent(existing, input), created: false };
  const member = await getMember(tx, input.memberId);
  if (member.status !== 'active') throw new MemberNotFound(input.memberId);
  await lockAccount(tx, member.id);
  const id = newId('act');
  const inserted = await tx.query<ActivityRow>(
    `insert into member_activities (id, event_id, member_id, type, properties, occurred_at, recorded_at) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (event_id) do nothing returning *`,
    [id, input.eventId, member.id, input.type, JSON.stringify(input.properties), occurredAt, context.now],
  );
  if (inserted.length === 0) {
    const [twin] = await tx.query<ActivityRow>('select * from member_activities where event_id = $1', [input.eventId]);
    return { activity: sameEvent(twin!, input), created: false };
  }
  const rules = (await activeRuleVersions(tx)).filter((r) => r.definition.eventTypes.includes(input.type));
  const budgeted = rules.filter((r) => r.definition.caps?.budget !== undefined).map((r) => r.ruleId!);
  if (budgeted.length > 0) {
    await tx.query(`select 1 from program_rules where id = any($1::text[]) and status = 'active' order by id for update`, [budgeted]);
  }
  const evaluation = evaluateRules(
    rules,
    {
      event: { type: input.type, occurredAt, properties: input.properties },
      member: await memberForRules(tx, member),
      order: null,
    },
    await ruleUsageFor(tx, rules, member.id, occurredAt),
  );
  let entryId: string | null = null;
  if (evaluation.points > 0) {
    const details = { event: { id: input.eventId, type: input.type, activityId: id }, rules: evaluation.explanation };
    entryId = (await earnForActivity(tx, program, { memberId: member.id, points: evaluation.points, details, occurredAt, asOf: context.now }, context.actor)).entryId;
    await recordRuleUsage(tx, evaluation.effects.map((e) => ({ memberId: member.id, at: occurredAt, ruleId: e.ruleId, points: e.points })));
  }
  await earnDrawEntries(tx, { memberId: member.id, source: 'event', sourceId: id, occurredAt, now: context.now }, drawGrants(evaluation.effects), context.reportDrawFailure);
  const [row] = await tx.query<ActivityRow>(
    'update member_activities set points = $2, entry_id = $3, evaluation = $4 where id = $1 returning *',
    [id, evaluation.points, entryId, JSON.stringify(evaluation)],
  );
  return { activity: toActivity(row!), created: true };
}

function sameEvent(row: ActivityRow, input: ActivityInput): Activity {
  if (row.member_id !== input.memberId || row.type !== input.type) throw new EventIdConflict(input.eventId);
  return toActivity(row);
}
