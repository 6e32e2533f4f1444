import type { Sql } from '../../db/client.js';

/**
 * GDPR erasure: what staff wrote about a conversation is personal data, so the free text goes; the
 * contact rows stay (channel, outcome, time) so the quiet period and contact counts still hold.
 */
export async function eraseMemberContactNotes(tx: Sql, memberId: string): Promise<void> {
  await tx.query('update member_contacts set note = null, next_step = null where member_id = $1', [memberId]);
}
