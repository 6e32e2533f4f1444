// Events the program raises itself, so "100 points for joining" and "a birthday gift" are rules like any
// other: signup when a member enrols, birthday once a year on the day. Both go through recordActivity, so
// they are idempotent by their own event id, capped and explained like merchant-sent events.
import type { ProgramConfig } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import type { Actor } from '../ledger/service.js';
import { recordActivity } from './activities.js';
import type { RuleVersion } from './evaluate.js';

/** Program-raised changes carry this actor in the ledger, not an API key. */
export const PROGRAM_ACTOR: Actor = { id: 'program' };

function listensTo(rules: readonly RuleVersion[], type: string): boolean {
  return rules.some((rule) => rule.definition.eventTypes.includes(type));
}

/** In the enrolment transaction: the `signup` event, when some active rule earns on it. */
export async function raiseSignup(
  tx: Sql,
  program: ProgramConfig,
  rules: readonly RuleVersion[],
  member: { id: string; createdAt: string },
  context: { now: Date; reportDrawFailure: (error: unknown) => void },
): Promise<void> {
  if (!listensTo(rules, 'signup')) return;
  const input = { eventId: `signup:${member.id}`, memberId: member.id, type: 'signup', occurredAt: member.createdAt, properties: {} };
  await recordActivity(tx, program, input, { ...context, actor: PROGRAM_ACTOR });
}

/**
 * The month-day a birthday is celebrated in `year`: 29 February falls on the 28th in common years.
 * @example celebratedOn('2004-02-29', 2027) // '02-28'
 */
export function celebratedOn(birthday: string, year: number): string {
  const monthDay = birthday.slice(5, 10);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-29' && !leap ? '02-28' : monthDay;
}

/**
 * Daily job: a `birthday` event for every active member whose birthday is today (UTC), once per year
 * (event id `birthday:<member>:<year>`), each in its own transaction so one failure does not hold back
 * the rest. Does nothing unless some active rule earns on birthdays.
 */
export async function raiseBirthdays(
  db: Database,
  program: ProgramConfig,
  rules: readonly RuleVersion[],
  now: Date,
  reportDrawFailure: (error: unknown) => void = (error) => console.error('birthday draw entries not recorded', error),
): Promise<{ raised: number }> {
  if (!listensTo(rules, 'birthday')) return { raised: 0 };
  const year = now.getUTCFullYear();
  const today = now.toISOString().slice(5, 10);
  const days = today === '02-28' && celebratedOn('2000-02-29', year) === '02-28' ? ['02-28', '02-29'] : [today];
  const members = await db.query<{ id: string }>(
    `select id from members where status = 'active' and to_char(birthday, 'MM-DD') = any($1::text[])
       and not exists (select 1 from member_activities a where a.event_id = 'birthday:' || members.id || ':' || $2::text)`,
    [days, String(year)],
  );
  let raised = 0;
  for (const { id } of members) {
    const input = { eventId: `birthday:${id}:${year}`, memberId: id, type: 'birthday', occurredAt: now.toISOString(), properties: { year } };
    const { created } = await db.transaction((tx) => recordActivity(tx, program, input, { now, actor: PROGRAM_ACTOR, reportDrawFailure }));
    if (created) raised += 1;
  }
  return { raised };
}
