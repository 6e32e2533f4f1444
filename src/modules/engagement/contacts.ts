// The contact log: what staff said to whom, when, and what happens next.
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { recordEvent } from '../events/service.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import type { Contact, ContactInput } from './contract.js';

interface ContactRow {
  id: string;
  member_id: string;
  channel: Contact['channel'];
  outcome: Contact['outcome'];
  note: string | null;
  next_step: string | null;
  next_step_at: Date | null;
  staff_id: string | null;
  contacted_at: Date;
}

const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  memberId: row.member_id,
  channel: row.channel,
  outcome: row.outcome,
  note: row.note,
  nextStep: row.next_step,
  nextStepAt: row.next_step_at?.toISOString() ?? null,
  staffId: row.staff_id,
  contactedAt: row.contacted_at.toISOString(),
});

/**
 * Logs a contact and announces it (`member.contacted`) in the same transaction. Every contact, whatever
 * its channel or outcome, starts the member's contact quiet period: an unanswered call still reached out.
 */
export async function logContact(tx: Sql, memberId: string, input: ContactInput, now: Date): Promise<Contact> {
  const [row] = await tx.query<ContactRow>(
    `insert into member_contacts (id, member_id, channel, outcome, note, next_step, next_step_at, staff_id, contacted_at)
     select $1, id, $3, $4, $5, $6, $7, $8, $9 from members where id = $2 and status = 'active' returning *`,
    [newId('con'), memberId, input.channel, input.outcome, input.note ?? null, input.nextStep ?? null, input.nextStepAt ?? null, input.staffId ?? null, now],
  );
  if (!row) throw new MemberNotFound(memberId);
  const logged = toContact(row);
  await recordEvent(tx, {
    type: 'member.contacted',
    memberId,
    payload: { contactId: logged.id, channel: logged.channel, outcome: logged.outcome, staffId: logged.staffId, nextStepAt: logged.nextStepAt },
    occurredAt: now,
  });
  return logged;
}

/** Newest first; the cursor is the last contact's id. */
export async function listContacts(db: Sql, memberId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<Contact>> {
  await getMember(db, memberId);
  const rows = await db.query<ContactRow>(
    `select * from member_contacts where member_id = $1 and ($2::text is null or id < $2) order by id desc limit $3`,
    [memberId, query.cursor ?? null, query.limit + 1],
  );
  return toPage(rows, query.limit, toContact);
}

