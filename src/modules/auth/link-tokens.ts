// Pure: signed member links. `<subject id>.<expiry, epoch s>.<MAC>`; the id is not secret, the MAC
// (HMAC-SHA256, 128 bits) is what makes a link unforgeable. Survey invitations and unsubscribe links
// share it; each uses its own server secret, so one kind of link never opens the other.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

export function signLinkToken(secret: Buffer, subjectId: string, expiresAt: Date): string {
  const payload = `${subjectId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type LinkTokenCheck = { ok: true; subjectId: string } | { ok: false; reason: 'forged' | 'expired' };

/** Forged means "not made by us" (any change to id, expiry or MAC); expired is checked only after that. */
export function verifyLinkToken(secret: Buffer, token: string, now: Date): LinkTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[1]!)) return { ok: false, reason: 'forged' };
  const [subjectId, expires, signature] = parts as [string, string, string];
  const expected = mac(secret, `${subjectId}.${expires}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subjectId };
}
