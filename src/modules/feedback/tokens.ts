// The signed link token of a survey invitation: a link token whose subject is the invitation id.
import { signLinkToken, verifyLinkToken } from '../auth/link-tokens.js';

export function signInvitationToken(secret: Buffer, invitationId: string, expiresAt: Date): string {
  return signLinkToken(secret, invitationId, expiresAt);
}

export type TokenCheck = { ok: true; invitationId: string } | { ok: false; reason: 'forged' | 'expired' };

export function verifyInvitationToken(secret: Buffer, token: string, now: Date): TokenCheck {
  const check = verifyLinkToken(secret, token, now);
  return check.ok ? { ok: true, invitationId: check.subjectId } : check;
}
