// Referral rows as stored, and as the API shows them.
import type { Referral, ReferralReason, ReferralStatus, ReferralTerms } from './contract.js';
import { describeReferral } from './policy.js';

export interface ReferralRow {
  id: string;
  referrer_id: string;
  referee_id: string;
  code: string;
  status: ReferralStatus;
  terms: ReferralTerms;
  attributed_at: Date;
  qualify_by: Date;
  order_id: string | null;
  completed_at: Date | null;
  referrer_points: number;
  referee_points: number;
  referrer_entry_id: string | null;
  referee_entry_id: string | null;
  referrer_skipped: 'cap_reached' | null;
  reason: ReferralReason | null;
}

export const REFERRAL_COLUMNS =
  'id, referrer_id, referee_id, code, status, terms, attributed_at, qualify_by, order_id, completed_at, referrer_points, referee_points, ' +
  'referrer_entry_id, referee_entry_id, referrer_skipped, reason';

export function toReferral(row: ReferralRow): Referral {
  const view = {
    id: row.id,
    referrerId: row.referrer_id,
    refereeId: row.referee_id,
    code: row.code,
    status: row.status,
    terms: row.terms,
    attributedAt: row.attributed_at.toISOString(),
    qualifyBy: row.qualify_by.toISOString(),
    orderId: row.order_id,
    completedAt: row.completed_at?.toISOString() ?? null,
    rewards: {
      referrer: { points: row.referrer_points, entryId: row.referrer_entry_id, skipped: row.referrer_skipped },
      referee: { points: row.referee_points, entryId: row.referee_entry_id },
    },
    reason: row.reason,
  };
  return { ...view, explanation: describeReferral(view) };
}
