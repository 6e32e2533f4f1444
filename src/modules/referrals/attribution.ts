import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { recordEvent } from '../events/service.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { hasOrdered } from '../orders/queries.js';
import { normalizeCode } from '../program/codes.js';
import { codeOwner } from './codes.js';
import type { AttributeReferralInput, Referral, ReferralProgram } from './contract.js';
import { MemberAlreadyReferred, ReferralCodeNotFound, ReferralMemberNotNew, ReferralProgramDisabled, ReferralSelf } from './errors.js';
import { samePerson } from './identity.js';
import { qualifyBy, termsOf } from './policy.js';
import { REFERRAL_COLUMNS, toReferral, type ReferralRow } from './records.js';

async function referrerOf(tx: Sql, code: string) {
  const owner = await codeOwner(tx, normalizeCode(code));
  // An erased member's code refers no one.
  const referrer = owner === null ? null : await getMember(tx, owner);
  if (!referrer || referrer.status !== 'active') throw new ReferralCodeNotFound();
  return referrer;
}

/**
 * Attributes a new member to the owner of `code`, under the program's current terms. Refused when the
 * program is off, the two look like one person (same member, email, phone, or they would refer each
 * other), the member was already referred, has bought already, or joined too long ago to qualify.
 * Referred once is the unique referee, not this read: a concurrent second attribution gets the 409 too.
 */
export async function attributeReferral(tx: Sql, program: ReferralProgram | null, input: AttributeReferralInput, now: Date): Promise<Referral> {
  if (!program?.enabled) throw new ReferralProgramDisabled();
  const referee = await getMember(tx, input.memberId);
  if (referee.status !== 'active') throw new MemberNotFound(input.memberId);
  const referrer = await referrerOf(tx, input.code);
  const same = samePerson(referrer, referee);
  if (same) throw new ReferralSelf(same);
  const existing = await tx.query<{ referrer_id: string; referee_id: string }>(
    'select referrer_id, referee_id from referrals where referee_id = any($1::text[])',
    [[referee.id, referrer.id]],
  );
  if (existing.some((r) => r.referee_id === referee.id)) throw new MemberAlreadyReferred(referee.id);
  if (existing.some((r) => r.referrer_id === referee.id)) throw new ReferralSelf('The referrer joined with this member’s code; two members cannot refer each other.');
  const terms = termsOf(program);
  const deadline = qualifyBy(new Date(referee.createdAt), terms.withinDays);
  if (deadline <= now) throw new ReferralMemberNotNew(`they joined on ${referee.createdAt.slice(0, 10)}, more than ${terms.withinDays} days ago`);
  if (await hasOrdered(tx, referee.id)) throw new ReferralMemberNotNew('they have already made a purchase');
  const [row] = await tx.query<ReferralRow>(
    `insert into referrals (id, referrer_id, referee_id, code, status, terms, attributed_at, qualify_by, updated_at)
     values ($1, $2, $3, $4, 'pending', $5, $6, $7, $6) on conflict (referee_id) do nothing returning ${REFERRAL_COLUMNS}`,
    [newId('rfl'), referrer.id, referee.id, normalizeCode(input.code), JSON.stringify(terms), now, deadline],
  );
  if (!row) throw new MemberAlreadyReferred(referee.id);
  await recordEvent(tx, {
    type: 'referral.attributed',
    memberId: referrer.id,
    payload: { referralId: row.id, referrerId: referrer.id, refereeId: referee.id, qualifyBy: deadline.toISOString() },
    occurredAt: now,
  });
  return toReferral(row);
}
