// Unsubscribe links: `/u/<token>`, a signed link token whose subject is the member id.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { idPattern } from '../../db/ids.js';
import { serverSecret } from '../auth/secrets.js';
import { signLinkToken, verifyLinkToken } from '../auth/link-tokens.js';
import { MemberErased } from '../members/errors.js';
import { updateMember } from '../members/service.js';
import { UnsubscribeLinkInvalid } from './errors.js';

const SECRET_NAME = 'unsubscribe_token_secret';
/** Links in old emails keep working for two years (laws ask for at least 30 days). */
const LINK_LIFETIME_MS = 2 * 366 * 24 * 3_600_000;
const MEMBER_ID = idPattern('mem');

export function unsubscribeSecret(db: Sql, config: Config): Promise<Buffer> {
  return serverSecret(db, SECRET_NAME, config.tokenSecret);
}

export function unsubscribeUrl(config: Config, secret: Buffer, memberId: string, now: Date): string {
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  return `${base.replace(/\/$/, '')}/u/${signLinkToken(secret, memberId, new Date(now.getTime() + LINK_LIFETIME_MS))}`;
}

/**
 * Withdraws the member's marketing consent; any token that is not ours, has expired or (with a shared
 * configured secret) names something other than a member is refused alike. Unsubscribing twice, or
 * after erasure, is fine: the member gets no marketing email either way.
 */
export async function unsubscribe(tx: Sql, secret: Buffer, token: string, now: Date): Promise<void> {
  const check = verifyLinkToken(secret, token, now);
  if (!check.ok || !MEMBER_ID.test(check.subjectId)) throw new UnsubscribeLinkInvalid();
  try {
    await updateMember(tx, check.subjectId, { marketingConsent: false }, now);
  } catch (error) {
    if (!(error instanceof MemberErased)) throw error;
  }
}
