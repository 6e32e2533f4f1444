// Enrolment: for each active journey, one set-based statement finds the members whose trigger
// fired and inserts their enrolments. The unique (journey, member, occurrence) key makes it idempotent.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { render, sql, SqlFragment } from '../../db/statement.js';
import { USUAL_INTERVAL_DAYS_SQL } from '../analytics/segments.js';
import { segmentSql } from '../engagement/segments.js';
import type { JourneyTrigger } from './contract.js';
import type { JourneyRow } from './service.js';
import { durationMs } from './timing.js';

/**
 * Enrolment ids are made in the statement, so a pass is one statement however many enter: `jen_`, the
 * insert time in milliseconds as 12 hex digits, then 56 random bits. Hex digits are Crockford digits, so
 * these ids have the shape and the time order of `newId('jen')`.
 */
const ENROLMENT_ID_SQL = `'jen_' || lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::int8), 12, '0') || substr(replace(gen_random_uuid()::text, '-', ''), 1, 14)`;
/** Entering this many at once refreshes the table's statistics. */
const MASS_ENTRY = 50_000;
/** A worker that was down this long still honours an anniversary it missed. */
const ANNIVERSARY_GRACE_DAYS = 7;

/**
 * Candidates as (member_id, occurrence), for the trigger, over the parameter row `p` (now, started_at:
 * when the journey was created, arg: the trigger's number or tier as text). Only active members.
 */
function candidatesSql(trigger: Exclude<JourneyTrigger, { kind: 'segment' }>): string {
  switch (trigger.kind) {
    case 'member.enrolled':
      return `select m.id as member_id, 'joined' as occurrence from members m, p where m.status = 'active' and m.created_at >= p.started_at`;
    case 'birthday':
      // The birthday in this year and the next (a late-December window reaches into January); Feb 29 falls on Feb 28.
      return `select m.id as member_id, y.year::text as occurrence
        from p cross join (values (0), (1)) as y0(k)
        cross join lateral (select extract(year from p.now at time zone 'UTC')::int + y0.k as year) y
        cross join members m
        cross join lateral (select (m.birthday + make_interval(years => y.year - extract(year from m.birthday)::int))::date as day) b
        where m.status = 'active' and m.birthday is not null
          and (p.now at time zone 'UTC')::date between b.day - p.arg::int and b.day`;
    case 'order.count':
      // The Nth order itself must come after the journey started: a member long past N does not enter on their next order.
      return `select s.member_id, 'order-' || p.arg as occurrence
        from p cross join lateral (select member_id, sum(orders) as orders from member_order_stats
              where member_id in (select member_id from member_order_stats where last_order_at >= p.started_at) group by member_id) s
        join members m on m.id = s.member_id and m.status = 'active'
        where s.orders >= p.arg::int
          and (select o.occurred_at from orders o where o.member_id = s.member_id order by o.occurred_at, o.id offset p.arg::int - 1 limit 1) >= p.started_at`;
    case 'anniversary':
      return `select m.id as member_id, 'year-' || p.arg as occurrence from members m, p
        where m.status = 'active' and m.created_at + make_interval(years => p.arg::int) <= p.now
          and m.created_at + make_interval(years => p.arg::int) > p.now - make_interval(days => ${ANNIVERSARY_GRACE_DAYS})`;
    case 'at_risk':
      // Once per lapse: the occurrence is the last order, so a member who comes back and lapses again re-enters.
      // Spelled in UTC, not the session's time zone: a changed server setting must not re-enrol everyone.
      return `select member_id, 'lapse-' || to_char(max(last_order_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurrence from member_order_stats, p
        where orders >= 2 and extract(epoch from (p.now - last_order_at))::float8 / 86400 / ${USUAL_INTERVAL_DAYS_SQL} >= p.arg::float8
          and member_id in (select id from members where status = 'active')
        group by member_id`;
    case 'tier.upgraded':
      // As the tier.upgraded event: a move up, or a first placement above the ladder's lowest tier.
      return `select h.member_id, h.id as occurrence from member_tier_history h
        join members m on m.id = h.member_id and m.status = 'active', p
        where h.at >= p.started_at and (p.arg is null or h.to_tier = p.arg)
          and (h.reason = 'upgrade' or (h.reason = 'enrolled' and h.to_tier <> (select definition->'tiers'->0->>'id' from tier_ladders order by version desc limit 1)))`;
  }
}

/** When the members of the re-entry pass entered, in the occurrence key: the same spelling as at_risk's. */
const PASS_OCCURRENCE_SQL = `'segment-' || to_char(p.now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A saved segment's members now. Each enters once (occurrence `segment`), or with `reentryAfterDays`
 * again (occurrence `segment-<pass time>`) once a pass found them out of the segment after their last
 * entry and that entry is at least that many days old.
 */
function segmentCandidates(trigger: Extract<JourneyTrigger, { kind: 'segment' }>, journeyId: string, members: SqlFragment): SqlFragment {
  if (trigger.reentryAfterDays === undefined) return sql`select seg.member_id, 'segment' as occurrence from (${members}) seg`;
  return sql`select seg.member_id, case when last.entered_at is null then 'segment' else ${new SqlFragment([PASS_OCCURRENCE_SQL], [])} end as occurrence
    from (${members}) seg cross join p
    left join lateral (select e.entered_at, e.left_segment_at from journey_enrolments e where e.journey_id = ${journeyId}::text and e.member_id = seg.member_id
      order by e.entered_at desc, e.id desc limit 1) last on true
    where last.entered_at is null or (last.left_segment_at is not null and last.entered_at <= p.now - make_interval(days => ${trigger.reentryAfterDays}::int))`;
}

/** Candidates as (member_id, occurrence); a trigger restricted to a segment keeps only that segment's members now. */
async function candidates(db: Sql, config: Config, journey: JourneyRow, now: Date): Promise<SqlFragment> {
  const { trigger } = journey;
  if (trigger.kind === 'segment') return segmentCandidates(trigger, journey.id, await segmentSql(db, config, trigger.segmentId, now));
  const fired = new SqlFragment([candidatesSql(trigger)], []);
  if (trigger.segmentId === undefined) return fired;
  return sql`select c.member_id, c.occurrence from (${fired}) c where c.member_id in (select seg.member_id from (${await segmentSql(db, config, trigger.segmentId, now)}) seg)`;
}

/** Re-entry needs to know who left: marks the entries of members this pass finds out of the segment. */
async function markSegmentLeavers(db: Sql, config: Config, journey: JourneyRow, now: Date): Promise<void> {
  if (journey.trigger.kind !== 'segment' || journey.trigger.reentryAfterDays === undefined) return;
  const statement = render(sql`update journey_enrolments e set left_segment_at = ${now}::timestamptz
    where e.journey_id = ${journey.id}::text and e.left_segment_at is null
      and not exists (select 1 from (${await segmentSql(db, config, journey.trigger.segmentId, now)}) seg where seg.member_id = e.member_id)`);
  await db.query(statement.text, statement.params);
}

function triggerParameter(trigger: JourneyTrigger): string | null {
  switch (trigger.kind) {
    case 'birthday':
      return String(trigger.daysBefore);
    case 'order.count':
      return String(trigger.count);
    case 'anniversary':
      return String(trigger.years);
    case 'at_risk':
      return String(trigger.minOverdue);
    case 'tier.upgraded':
      return trigger.tier ?? null;
    case 'member.enrolled':
    case 'segment':
      return null;
  }
}

/**
 * Enrols every member whose trigger fired and who is not in for this occurrence yet. The first step is
 * due after its wait from now. Returns how many entered.
 *
 * Who is in already is left to the unique key (an index probe per candidate), not to a `not exists`:
 * over a table the planner believes empty that became a nested loop rescanning the rows this very
 * statement inserts — 100,000 first entries took minutes instead of 1.5 s.
 */
export async function enrolMembers(db: Sql, config: Config, journey: JourneyRow, now: Date): Promise<number> {
  await markSegmentLeavers(db, config, journey, now);
  const firstDue = new Date(now.getTime() + durationMs(journey.steps[0]!.wait)!);
  const statement = render(sql`with p as (select ${now}::timestamptz as now, ${journey.created_at}::timestamptz as started_at, ${triggerParameter(journey.trigger)}::text as arg),
     inserted as (
       insert into journey_enrolments (id, journey_id, member_id, occurrence, status, next_step, due_at, entered_at)
       select ${new SqlFragment([ENROLMENT_ID_SQL], [])}, ${journey.id}::text, c.member_id, c.occurrence, 'active', 0, ${firstDue}::timestamptz, ${now}::timestamptz
       from (${await candidates(db, config, journey, now)}) c
       on conflict (journey_id, member_id, occurrence) do nothing returning 1)
     select count(*)::int as entered from inserted`);
  const [row] = await db.query<{ entered: number }>(statement.text, statement.params);
  // Autovacuum notices a mass entry only later; until then the planner, believing few rows due, would
  // sort every due row to claim each batch of steps.
  if (row!.entered >= MASS_ENTRY) await db.query('analyze journey_enrolments');
  return row!.entered;
}
