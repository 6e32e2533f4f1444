// Pure: what the wallet warns about — the points that expire first, summed over lots sharing that day.
export interface LotLeft {
  points: number;
  expiresAt: string | null;
}

/**
 * @example soonestExpiry([{ points: 40, expiresAt: '2026-07-01T00:00:00.000Z' }, { points: 10, expiresAt: null }])
 * // { points: 40, on: '2026-07-01' }
 */
export function soonestExpiry(lots: readonly LotLeft[]): { points: number; on: string } | null {
  let soonest: string | null = null;
  let points = 0;
  for (const lot of lots) {
    if (lot.expiresAt === null || lot.points <= 0) continue;
    const day = lot.expiresAt.slice(0, 10);
    if (soonest === null || day < soonest) {
      soonest = day;
      points = lot.points;
    } else if (day === soonest) {
      points += lot.points;
    }
  }
  return soonest === null ? null : { points, on: soonest };
}
