import { z } from 'zod';
import type { Sql } from '../../db/client.js';
import { getBalance, listEntries } from '../ledger/queries.js';
import { listMemberOrders } from '../orders/service.js';
import { exportMemberFeedback } from '../feedback/privacy.js';
import { exportMemberContacts } from '../engagement/privacy.js';
import { member, note } from './contract.js';
import { getMember, listNotes } from './service.js';

export const memberExport = z
  .object({
    exportedAt: z.string(),
    member,
    notes: z.array(note),
    balance: z.record(z.string(), z.unknown()),
    ledger: z.array(z.record(z.string(), z.unknown())),
    orders: z.array(z.record(z.string(), z.unknown())),
    feedback: z.array(z.record(z.string(), z.unknown())),
    contacts: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'MemberExport' });

/** Everything Fidelis holds about one member, for a GDPR access request. */
export async function exportMemberData(db: Sql, memberId: string, now: Date): Promise<z.infer<typeof memberExport>> {
  const profile = await getMember(db, memberId);
  const ledger = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listEntries(db, memberId, { limit: 200, cursor }, now);
    ledger.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return {
    exportedAt: now.toISOString(),
    member: profile,
    notes: await listNotes(db, memberId),
    balance: { ...(await getBalance(db, memberId, now)) },
    ledger: ledger.map((entry) => ({ ...entry })),
    orders: (await listMemberOrders(db, memberId)).map((order) => ({ ...order })),
    feedback: (await exportMemberFeedback(db, memberId)).map((response) => ({ ...response })),
    contacts: (await exportMemberContacts(db, memberId)).map((contact) => ({ ...contact })),
  };
}
