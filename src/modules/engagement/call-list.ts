// The call list: every cadence rule's members, fetched per rule, merged into one ranked list.
//
// Consent rule: segment and at-risk rules are proactive outreach, so they only ever list members with
// marketing consent, and never anyone contacted within the contact quiet period (or the rule's own
// "not contacted in N days", whichever is longer). A detractor call is service, not marketing: it
// answers the member's own complaint, so it is listed without marketing consent and regardless of the
// quiet period — until someone contacts them after their answer, which closes it.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { render, sql, type SqlFragment } from '../../db/statement.js';
import { atRiskMembers } from '../analytics/segments.js';
import { recentDetractorsSql } from '../feedback/responses.js';
import { currentTiers, getLadder } from '../program/tier-service.js';
import { listCadenceRules } from './cadence.js';
import { compileSegment } from './compile.js';
import type { CadenceRule, CallListEntry } from './contract.js';
import { callReason, mergeCallList, type Finding, type RuleCandidates } from './ranking.js';
import { getSegment } from './segments.js';

interface Candidate {
  memberId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  lastContactAt: Date | null;
  finding: Finding;
}

interface ContactableRow {
  member_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  last_contact_at: Date | null;
}

const DAY_MS = 86_400_000;

/** At-risk members are ranked over this many of the most valuable before consent and contacts thin them. */
const AT_RISK_POOL = 1000;

const LAST_CONTACT = sql`left join lateral (select max(c.contacted_at) as last_contact_at from member_contacts c where c.member_id = m.id) lc on true`;

/** Marketing consent and no contact within `quietDays`. */
const proactivelyReachable = (now: Date, quietDays: number) =>
  sql`m.marketing_consent and (lc.last_contact_at is null or lc.last_contact_at <= ${now}::timestamptz - make_interval(days => ${quietDays}::int))`;

async function query<R>(db: Sql, fragment: SqlFragment): Promise<R[]> {
  const statement = render(fragment);
  return db.query<R>(statement.text, statement.params);
}

const contactable = (row: ContactableRow) => ({ memberId: row.member_id, name: row.name, phone: row.phone, email: row.email, lastContactAt: row.last_contact_at });

async function segmentCandidates(db: Sql, config: Config, rule: CadenceRule, segmentId: string, now: Date, limit: number): Promise<Candidate[]> {
  const { filter } = await getSegment(db, segmentId);
  const quietDays = Math.max(config.contactQuietDays, rule.notContactedDays);
  const rows = await query<ContactableRow>(
    db,
    sql`select m.id as member_id, m.name, m.phone, m.email, lc.last_contact_at
      from (${compileSegment(filter, { now, currency: config.program.currencies[0]! })}) seg join members m on m.id = seg.member_id ${LAST_CONTACT}
      where ${proactivelyReachable(now, quietDays)}
      order by lc.last_contact_at nulls first, m.id limit ${limit}::int`,
  );
  const ladder = await getLadder(db);
  const tiers = ladder ? await currentTiers(db, ladder, rows.map((row) => row.member_id)) : new Map();
  return rows.map((row) => ({ ...contactable(row), finding: { kind: 'segment', tierName: tiers.get(row.member_id)?.name ?? null, lastContactAt: row.last_contact_at } }));
}

async function detractorCandidates(db: Sql, rule: CadenceRule, withinDays: number, now: Date, limit: number): Promise<Candidate[]> {
  const rows = await query<ContactableRow & { nps_score: number | null; submitted_at: Date }>(
    db,
    sql`select d.member_id, d.nps_score, d.submitted_at, m.name, m.phone, m.email, lc.last_contact_at
      from (${recentDetractorsSql(new Date(now.getTime() - withinDays * DAY_MS))}) d
      join members m on m.id = d.member_id and m.status = 'active' ${LAST_CONTACT}
      where (lc.last_contact_at is null or lc.last_contact_at < d.submitted_at)
        and (lc.last_contact_at is null or lc.last_contact_at <= ${now}::timestamptz - make_interval(days => ${rule.notContactedDays}::int))
      order by d.submitted_at, d.member_id limit ${limit}::int`,
  );
  return rows.map((row) => ({ ...contactable(row), finding: { kind: 'detractor', score: row.nps_score, answeredAt: row.submitted_at } }));
}

async function atRiskCandidates(
  db: Sql,
  config: Config,
  rule: CadenceRule,
  source: { minOverdue: number; minAnnualValue: number },
  now: Date,
  limit: number,
): Promise<Candidate[]> {
  const currency = config.program.currencies[0]!;
  const atRisk = await atRiskMembers(db, config, { minOverdue: source.minOverdue, minAnnualValue: source.minAnnualValue, limit: AT_RISK_POOL, currency }, now);
  const rows = await query<ContactableRow>(
    db,
    sql`select m.id as member_id, m.name, m.phone, m.email, lc.last_contact_at from members m ${LAST_CONTACT}
      where m.id = any(${atRisk.data.map((member) => member.memberId)}::text[]) and ${proactivelyReachable(now, Math.max(config.contactQuietDays, rule.notContactedDays))}`,
  );
  const reachable = new Map(rows.map((row) => [row.member_id, row]));
  return atRisk.data
    .filter((member) => reachable.has(member.memberId))
    .slice(0, limit)
    .map((member) => ({
      ...contactable(reachable.get(member.memberId)!),
      finding: { kind: 'at_risk', overdue: member.overdue, annualValue: member.annualValueAtRisk, currency },
    }));
}

function candidatesOf(db: Sql, config: Config, rule: CadenceRule, now: Date, limit: number): Promise<Candidate[]> {
  const source = rule.source;
  switch (source.type) {
    case 'segment':
      return segmentCandidates(db, config, rule, source.segmentId, now, limit);
    case 'detractor':
      return detractorCandidates(db, rule, source.withinDays, now, limit);
    case 'at_risk':
      return atRiskCandidates(db, config, rule, source, now, limit);
  }
}

/**
 * The ranked call list for a staff member (their rules and the pool's) or for everyone: each rule
 * fetches at most `limit` members, so after de-duplication the merge still fills `limit` when it can.
 */
export async function buildCallList(db: Sql, config: Config, query: { staffId?: string | undefined; limit: number }, now: Date) {
  const rules = await listCadenceRules(db, query.staffId);
  const lists: RuleCandidates<Candidate>[] = await Promise.all(
    rules.map(async (rule) => ({ rule, candidates: await candidatesOf(db, config, rule, now, query.limit) })),
  );
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const data: CallListEntry[] = mergeCallList(lists, query.limit).map((entry) => {
    const rule = byId.get(entry.ruleId)!;
    return {
      memberId: entry.memberId,
      name: entry.name,
      phone: entry.phone,
      email: entry.email,
      ruleId: rule.id,
      ruleName: rule.name,
      priority: rule.priority,
      assignee: rule.assignee,
      reason: callReason(entry.finding, now),
      lastContactAt: entry.lastContactAt?.toISOString() ?? null,
    };
  });
  return { asOf: now.toISOString(), data };
}
