// Writes a batch of imported members in ONE statement: members, their points accounts and a
// `member.created` event each, all or nothing.
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { ImportMember } from './member-rows.js';
import type { RejectedRow, SourceRow } from './rows.js';

export interface MemberToWrite {
  member: ImportMember;
  row: SourceRow;
}

export interface MemberBatchOutcome {
  imported: number;
  skipped: number;
  rejected: RejectedRow[];
}

/**
 * A row whose external_id exists is skipped (a re-run). One whose email or phone belongs to another
 * member is rejected, with the field named. `on conflict do nothing` keeps either from failing the batch.
 * Imported members raise no `signup` program event: they joined before the program knew them, so a
 * welcome bonus rule does not pay out for the whole history.
 */
const IMPORT_MEMBERS_STATEMENT = `with input as materialized (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::bool[], $9::text[])
    as i(id, external_id, email, phone, name, birthday, locale, consent, event_id)),
new_members as (
  insert into members (id, external_id, email, phone, name, birthday, locale, marketing_consent, consent_updated_at, created_at, updated_at)
  select id, external_id, email, phone, name, birthday, locale, consent, case when consent then $10::timestamptz end, $10, $10 from input
  on conflict do nothing
  returning id),
new_accounts as (insert into accounts (member_id) select id from new_members),
new_events as (
  insert into outbox (id, type, member_id, payload, occurred_at)
  select i.event_id, 'member.created', i.id, jsonb_build_object('memberId', i.id), $10 from input i join new_members n using (id))
select i.external_id,
  case when exists (select 1 from members m where m.external_id = i.external_id) then 'exists'
       when exists (select 1 from members m where m.email = i.email) then 'email'
       when exists (select 1 from members m where m.phone = i.phone) then 'phone'
       else 'conflict' end as outcome
from input i where i.id not in (select id from new_members)`;

const REASONS: Record<string, string> = {
  email: 'email: another member already has this email',
  phone: 'phone: another member already has this phone',
  conflict: 'another import wrote a member with the same external_id, email or phone at the same time; re-run to skip or reject it',
};

export async function writeMemberBatch(tx: Sql, batch: readonly MemberToWrite[], now: Date): Promise<MemberBatchOutcome> {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (const { member } of batch) {
    const values = [newId('mem'), member.externalId, member.email ?? null, member.phone ?? null, member.name ?? null, member.birthday ?? null, member.locale ?? null, member.marketingConsent, newId('evt')];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const rows = await tx.query<{ external_id: string; outcome: string }>(IMPORT_MEMBERS_STATEMENT, [...columns, now]);
  const outcomes = new Map(rows.map((row) => [row.external_id, row.outcome]));
  const rejected: RejectedRow[] = [];
  let skipped = 0;
  for (const { member, row } of batch) {
    const outcome = outcomes.get(member.externalId);
    if (outcome === 'exists') skipped += 1;
    else if (outcome !== undefined) rejected.push({ line: row.line, fields: row.fields, reason: REASONS[outcome]! });
  }
  return { imported: batch.length - skipped - rejected.length, skipped, rejected };
}
