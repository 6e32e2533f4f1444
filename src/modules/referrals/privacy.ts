import type { Sql } from '../../db/client.js';
import { removeEntryDetail } from '../ledger/journal.js';

/**
 * GDPR erasure: a bonus entry names the other member by first name ("Anna joined with your code");
 * erasing Anna takes her name out of her referrer's entry (and his out of hers). The referral rows
 * hold ids only and stay, like the ledger.
 */
export async function eraseMemberReferralNames(tx: Sql, memberId: string): Promise<void> {
  const rows = await tx.query<{ entry_id: string }>(
    `select referrer_entry_id as entry_id from referrals where referee_id = $1 and referrer_entry_id is not null
     union all
     select referee_entry_id from referrals where referrer_id = $1 and referee_entry_id is not null`,
    [memberId],
  );
  await removeEntryDetail(tx, rows.map((row) => row.entry_id), ['referral', 'friend']);
}
