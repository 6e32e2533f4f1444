import type { Sql } from '../../db/client.js';
import { listContacts } from './contacts.js';
import type { Contact } from './contract.js';

const PAGE = 200;

/** GDPR access: the member's whole contact log, newest first as the log lists it. */
export async function exportMemberContacts(db: Sql, memberId: string): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listContacts(db, memberId, { limit: PAGE, cursor });
    contacts.push(...page.data);
    if (!page.nextCursor) return contacts;
    cursor = page.nextCursor;
  }
}

/**
 * GDPR erasure: what staff wrote about a conversation is personal data, so the free text goes; the
 * contact rows stay (channel, outcome, time) so the quiet period and contact counts still hold.
 */
export async function eraseMemberContactNotes(tx: Sql, memberId: string): Promise<void> {
  await tx.query('update member_contacts set note = null, next_step = null where member_id = $1', [memberId]);
}
