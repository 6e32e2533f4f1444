// A member's balance as of a moment, from the cached account and its live lots: pure, so the lazy
// read (unlock and expiry before any job has written them) is tested by table and property.

export interface AccountFigures {
  available: number;
  pending: number;
  debt: number;
  lifetime_earned: number;
  lifetime_spent: number;
  lifetime_expired: number;
  lifetime_clawed_back: number;
  lifetime_adjusted: number;
}

/** A pending or available lot; times in epoch milliseconds. */
export interface LiveLot {
  id: string;
  status: 'pending' | 'available';
  remaining: number;
  availableAt: number;
  expiresAt: number | null;
}

export interface Balance {
  memberId: string;
  available: number;
  pending: number;
  debt: number;
  lifetime: { earned: number; spent: number; expired: number; clawedBack: number; adjusted: number };
  nextLots: { lotId: string; points: number; status: 'pending' | 'available'; availableAt: string; expiresAt: string | null }[];
  asOf: string;
}

const NEXT_LOTS = 5;

type TimedLot = { status: string; availableAt: number; expiresAt: number | null };

/** Its return window has passed, though no write has made it `available` yet. */
const unlockedAt = (lot: TimedLot, at: number) => lot.status === 'pending' && lot.availableAt <= at;
/** Its expiry has passed, though no write has expired it yet. */
const lapsedAt = (lot: TimedLot, at: number) =>
  (lot.status === 'pending' || lot.status === 'available') && lot.expiresAt !== null && lot.expiresAt <= at;

/** A lot as the balance counts it at `at`: unlocked once its window has passed, expired (nothing left) once its expiry has. */
export function lotAsOf(lot: TimedLot & { remaining: number }, at: number): { status: string; remaining: number } {
  if (lapsedAt(lot, at)) return { status: 'expired', remaining: 0 };
  if (unlockedAt(lot, at)) return { status: 'available', remaining: lot.remaining };
  return { status: lot.status, remaining: lot.remaining };
}

/**
 * Cached figures corrected by lots whose unlock or expiry time has passed but that no write has
 * materialized yet, exactly as maturing them at `now` would: unlock, expire, then pay any debt.
 */
export function balanceAsOf(memberId: string, account: AccountFigures, lots: readonly LiveLot[], now: Date): Balance {
  const at = now.getTime();
  let unlocked = 0;
  let lapsed = 0;
  const live: LiveLot[] = [];
  for (const lot of lots) {
    if (unlockedAt(lot, at)) unlocked += lot.remaining;
    if (lapsedAt(lot, at)) lapsed += lot.remaining;
    else if (lot.remaining > 0) live.push(lot);
  }
  live.sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const available = account.available + unlocked - lapsed;
  // Paying a debt moves lots and debt together, so `available` already is the balance after it.
  const lotsAvailable = available + account.debt;
  return {
    memberId,
    available,
    pending: account.pending - unlocked,
    debt: account.debt - Math.min(account.debt, Math.max(0, lotsAvailable)),
    lifetime: {
      earned: account.lifetime_earned,
      spent: account.lifetime_spent,
      expired: account.lifetime_expired + lapsed,
      clawedBack: account.lifetime_clawed_back,
      adjusted: account.lifetime_adjusted,
    },
    nextLots: live.slice(0, NEXT_LOTS).map((lot) => ({
      lotId: lot.id,
      points: lot.remaining,
      status: lot.availableAt <= at ? 'available' : 'pending',
      availableAt: new Date(lot.availableAt).toISOString(),
      expiresAt: lot.expiresAt === null ? null : new Date(lot.expiresAt).toISOString(),
    })),
    asOf: now.toISOString(),
  };
}
