// The charts page's period: two dates as the reader typed them, and the instants the API wants.

export interface Period {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive (the API's `to` is exclusive: the next midnight). */
  to: string;
}

const DAY = 86_400_000;

export function defaultPeriod(now = new Date(), days = 180): Period {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(now.getTime() - days * DAY)), to: day(now) };
}

/** The period as API query instants, or null while a date is incomplete or the range is backwards. */
export function periodQuery(period: Period): { from: string; to: string } | null {
  const from = Date.parse(`${period.from}T00:00:00Z`);
  const to = Date.parse(`${period.to}T00:00:00Z`) + DAY;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Whole months from the period's first month to its last, for the cohort matrix width (1–36). */
export function monthsIn(period: Period): number {
  const [fy, fm] = period.from.split('-').map(Number);
  const [ty, tm] = period.to.split('-').map(Number);
  return Math.min(36, Math.max(1, (ty! - fy!) * 12 + (tm! - fm!) + 1));
}

/**
 * How many months of a cohort (YYYY-MM) the period has seen, its first included: later months have no
 * data yet and must not read as 0% retention.
 * @example observedMonths('2026-09', { from: '2026-01-01', to: '2026-11-26' }) // 3
 */
export function observedMonths(cohort: string, period: Period): number {
  const [cy, cm] = cohort.split('-').map(Number);
  const [ty, tm] = period.to.split('-').map(Number);
  return Math.max(0, (ty! - cy!) * 12 + (tm! - cm!) + 1);
}
