// Pure: the signed link token of a survey invitation. `<invitation id>.<expiry, epoch s>.<MAC>`; the
// id is not secret, the MAC (HMAC-SHA256, 128 bits) is what makes a link unforgeable.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

export function signInvitationToken(secret: Buffer, invitationId: string, expiresAt: Date): string {
  const payload = `${invitationId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type TokenCheck = { ok: true; invitationId: string } | { ok: false; reason: 'forged' | 'expired' };

/** Forged means "not made by us" (any change to id, expiry or MAC); expired is checked only after that. */
export function verifyInvitationToken(secret: Buffer, token: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[1]!)) return { ok: false, reason: 'forged' };
  const [invitationId, expires, signature] = parts as [string, string, string];
  const expected = mac(secret, `${invitationId}.${expires}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, invitationId };
}
