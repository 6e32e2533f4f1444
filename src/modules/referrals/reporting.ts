import type { Sql } from '../../db/client.js';
import { toPage, type Page } from '../../db/page.js';
import { getMember } from '../members/service.js';
import type { Referral, ReferralCounts, ReferralStatus } from './contract.js';
import { REFERRAL_COLUMNS, toReferral, type ReferralRow } from './records.js';

const NONE: ReferralCounts = { total: 0, pending: 0, completed: 0, rejected: 0, expired: 0, reversed: 0 };

/**
 * How many members each member referred, by status — for reports and, later, the loyalty index.
 * @example (await referralCounts(db, ['mem_a'])).get('mem_a') // { total: 3, completed: 2, pending: 1, … }
 */
export async function referralCounts(db: Sql, memberIds: readonly string[]): Promise<Map<string, ReferralCounts>> {
  const rows = await db.query<{ referrer_id: string; status: ReferralStatus; n: number }>(
    'select referrer_id, status, count(*)::int8 as n from referrals where referrer_id = any($1::text[]) group by referrer_id, status',
    [memberIds],
  );
  const counts = new Map(memberIds.map((id) => [id, { ...NONE }]));
  for (const row of rows) {
    const figures = counts.get(row.referrer_id)!;
    figures[row.status] += row.n;
    figures.total += row.n;
  }
  return counts;
}

/** Everyone a member referred (oldest first, paged), their counts, and who referred them. */
export async function referralsOfMember(db: Sql, memberId: string, query: { limit: number; cursor?: string | undefined }) {
  await getMember(db, memberId);
  const rows = await db.query<ReferralRow>(
    `select ${REFERRAL_COLUMNS} from referrals where referrer_id = $1 and id > $2 order by id limit $3`,
    [memberId, query.cursor ?? '', query.limit + 1],
  );
  const [referredBy] = await db.query<ReferralRow>(`select ${REFERRAL_COLUMNS} from referrals where referee_id = $1`, [memberId]);
  const counts = (await referralCounts(db, [memberId])).get(memberId)!;
  return { memberId, counts, referredBy: referredBy ? toReferral(referredBy) : null, ...toPage(rows, query.limit, toReferral) };
}

/** All referrals, oldest first, optionally of one status. */
export async function listReferrals(db: Sql, query: { limit: number; cursor?: string | undefined; status?: ReferralStatus | undefined }): Promise<Page<Referral>> {
  // Two texts rather than "$1 is null or …", so a status filter walks referrals_status_idx.
  const rows = query.status
    ? await db.query<ReferralRow>(`select ${REFERRAL_COLUMNS} from referrals where status = $1 and id > $2 order by id limit $3`, [query.status, query.cursor ?? '', query.limit + 1])
    : await db.query<ReferralRow>(`select ${REFERRAL_COLUMNS} from referrals where id > $1 order by id limit $2`, [query.cursor ?? '', query.limit + 1]);
  return toPage(rows, query.limit, toReferral);
}
