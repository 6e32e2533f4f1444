import type { Config } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { serverSecret } from '../auth/secrets.js';
import { getBalance, listEntries } from '../ledger/queries.js';
import { getMember } from '../members/service.js';
import { MemberNotFound } from '../members/errors.js';
import { getLadder, memberTierStatus } from '../program/tier-service.js';
import type { WalletMe } from './contract.js';
import { WalletTokenExpired, WalletTokenInvalid } from './errors.js';
import { soonestExpiry } from './expiry.js';
import { signWalletToken, verifyWalletToken } from './tokens.js';

const SECRET_NAME = 'wallet_token';
const HISTORY_LENGTH = 20;

export function walletSecret(db: Sql, config: Config): Promise<Buffer> {
  return serverSecret(db, SECRET_NAME, config.tokenSecret);
}

/** A magic link into the wallet; the token rides in the fragment so it never reaches server logs. */
export async function createWalletLink(db: Sql, config: Config, memberId: string, ttlMinutes: number, now: Date) {
  const member = await getMember(db, memberId);
  if (member.status !== 'active') throw new MemberNotFound(memberId);
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  const token = signWalletToken(await walletSecret(db, config), memberId, expiresAt);
  const base = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  return { memberId, token, url: `${base}/wallet#token=${token}`, expiresAt: expiresAt.toISOString() };
}

/** The member a wallet token names, if it is genuine, unexpired and the member is still active. */
export async function walletMemberOf(db: Sql, config: Config, token: string, now: Date): Promise<string> {
  const check = verifyWalletToken(await walletSecret(db, config), token, now);
  if (!check.ok) throw check.reason === 'expired' ? new WalletTokenExpired() : new WalletTokenInvalid();
  const member = await getMember(db, check.memberId).catch(() => null);
  if (!member || member.status !== 'active') throw new WalletTokenInvalid();
  return check.memberId;
}

export async function walletOverview(db: Database, memberId: string, now: Date): Promise<WalletMe> {
  const [member, balance, entries, ladder] = await Promise.all([
    getMember(db, memberId),
    getBalance(db, memberId, now),
    listEntries(db, memberId, { limit: HISTORY_LENGTH }, now),
    getLadder(db),
  ]);
  const tier = ladder ? await memberTierStatus(db, memberId, now) : null;
  return {
    member: { id: member.id, name: member.name, locale: member.locale },
    qr: `fidelis:${member.id}`,
    balance: { available: balance.available, pending: balance.pending },
    expiring: soonestExpiry(balance.nextLots.map((lot) => ({ points: lot.points, expiresAt: lot.expiresAt }))),
    tier: tier && {
      name: tier.tier.name,
      basis: tier.basis,
      measure: tier.measure,
      next: tier.next && { name: tier.next.name, threshold: tier.next.threshold, remaining: tier.next.remaining, by: tier.next.by },
      explanation: tier.explanation,
    },
    history: entries.data.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      points: entry.points,
      occurredAt: entry.occurredAt,
      orderId: entry.orderId,
      explanation: entry.explanation,
    })),
  };
}
