import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { randomCode } from '../program/codes.js';
import type { ReferralCode } from './contract.js';

/** 8 characters of a 32-letter alphabet: ~10^12 codes, short enough to read out at a till. */
const CODE_LENGTH = 8;
/** A draw collides with an existing code about once in 10^12 / members; a few attempts are plenty. */
const ATTEMPTS = 5;

/** Where a friend signs up: the shop's join page with the code (the page then calls POST /v1/referrals). */
export function referralLink(config: Pick<Config, 'publicUrl' | 'port'>, code: string): string {
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  return `${base.replace(/\/$/, '')}/join?ref=${code}`;
}

/**
 * The member's referral code, made on first request and the same ever after. One insert-or-nothing
 * statement: two first requests at once agree on one code (the loser reads the winner's on its next
 * attempt), and a code already taken by another member is simply drawn again.
 */
export async function memberReferralCode(db: Sql, config: Config, memberId: string, now: Date): Promise<ReferralCode> {
  const member = await getMember(db, memberId);
  if (member.status !== 'active') throw new MemberNotFound(memberId);
  for (let attempt = 1; ; attempt++) {
    const [row] = await db.query<{ code: string; created_at: Date }>(
      `with made as (insert into referral_codes (member_id, code, created_at) values ($1, $2, $3) on conflict do nothing returning code, created_at)
       select code, created_at from made union all select code, created_at from referral_codes where member_id = $1 limit 1`,
      [memberId, randomCode(CODE_LENGTH), now],
    );
    if (row) return { memberId, code: row.code, link: referralLink(config, row.code), createdAt: row.created_at.toISOString() };
    if (attempt === ATTEMPTS) throw new Error(`no free referral code after ${ATTEMPTS} attempts`);
  }
}

/** Who owns a code (pass it through `normalizeCode`), or null. */
export async function codeOwner(db: Sql, code: string): Promise<string | null> {
  const [row] = await db.query<{ member_id: string }>('select member_id from referral_codes where code = $1', [code]);
  return row?.member_id ?? null;
}
