// Pure: the member's wallet token, signed like a survey link (`<member id>.<expiry>.<MAC>`). Survey
// tokens carry `inv_` ids, so one kind of token can never be accepted as the other.
import { idPattern } from '../../db/ids.js';
import { signInvitationToken, verifyInvitationToken } from '../feedback/tokens.js';

const MEMBER_ID = idPattern('mem');

export function signWalletToken(secret: Buffer, memberId: string, expiresAt: Date): string {
  return signInvitationToken(secret, memberId, expiresAt);
}

export type WalletTokenCheck = { ok: true; memberId: string } | { ok: false; reason: 'forged' | 'expired' };

/**
 * @example verifyWalletToken(secret, signWalletToken(secret, 'mem_01jd…', in1h), now) // { ok: true, memberId: 'mem_01jd…' }
 */
export function verifyWalletToken(secret: Buffer, token: string, now: Date): WalletTokenCheck {
  const check = verifyInvitationToken(secret, token, now);
  if (!check.ok) return check;
  if (!MEMBER_ID.test(check.invitationId)) return { ok: false, reason: 'forged' };
  return { ok: true, memberId: check.invitationId };
}
