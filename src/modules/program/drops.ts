// Pure: when a member may buy from a drop, and how to say it.
import { rankOf } from './tiers.js';
import type { TierLadder } from './tiers-contract.js';

export interface DropAudience {
  publicStartsAt: Date;
  endsAt: Date | null;
  earlyAccess: readonly { tier: string; startsAt: Date }[];
}

export interface AccessDecision {
  allowed: boolean;
  from: Date;
  until: Date | null;
  reason: string;
}

const MINUTE_MS = 60_000;
const UNITS = [
  ['day', 1440],
  ['hour', 60],
  ['minute', 1],
] as const;

/** "2026-12-01 09:00 UTC" */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A lead time in words, to the two largest whole units.
 * @example durationWords(2 * 86_400_000) // '2 days'
 * @example durationWords(90 * 60_000) // '1 hour and 30 minutes'
 */
export function durationWords(ms: number): string {
  let minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 1) return 'less than a minute';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(minutes / size);
    minutes -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.slice(0, 2).join(' and ');
}

/**
 * Whether and from when a member may buy. A window for a tier opens the drop to that tier and every
 * tier above it in the ladder (tiers are ordered levels); windows naming a tier no longer in the
 * ladder open it to no one. A member without a tier gets the public start.
 * @example accessDecision(drop, ladder, 'gold', now).reason // 'Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone.'
 */
export function accessDecision(drop: DropAudience, ladder: TierLadder | null, memberTierId: string | null, now: Date): AccessDecision {
  const memberRank = ladder && memberTierId !== null ? rankOf(ladder, memberTierId) : -1;
  const ranked = drop.earlyAccess
    .map((w) => ({ ...w, rank: ladder ? ladder.tiers.findIndex((t) => t.id === w.tier) : -1 }))
    .filter((w) => w.rank >= 0);
  const own = ranked.filter((w) => w.rank <= memberRank);
  const from = new Date(Math.min(drop.publicStartsAt.getTime(), ...own.map((w) => w.startsAt.getTime())));
  const until = drop.endsAt;
  const allowed = now >= from && (until === null || now < until);
  if (until !== null && now >= until) return { allowed, from, until, reason: `The drop ended on ${utcMinute(until)}.` };
  const everyone = `Everyone shops from ${utcMinute(drop.publicStartsAt)}`;
  if (from < drop.publicStartsAt) {
    const tier = ladder!.tiers[memberRank]!;
    return { allowed, from, until, reason: `${tier.name} members shop from ${utcMinute(from)}, ${durationWords(drop.publicStartsAt.getTime() - from.getTime())} before everyone.` };
  }
  // The nearest tier up that would shop earlier: what this member could reach.
  const next = ranked.filter((w) => w.rank > memberRank).sort((a, b) => a.rank - b.rank)[0];
  const upsell = next ? `; ${ladder!.tiers[next.rank]!.name} members from ${utcMinute(next.startsAt)}` : '';
  return { allowed, from, until, reason: `${everyone}${upsell}.` };
}
