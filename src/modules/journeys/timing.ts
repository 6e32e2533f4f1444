// Pure: waits written as ISO 8601 durations.

const DURATION = /^P(?:(\d{1,3})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,5})M)?)?$/;

/**
 * Milliseconds in a day/hour/minute duration (`P3D`, `PT12H`, `P1DT30M`), or null when it is not one.
 * Days are 24 hours: a wait is elapsed time, not calendar arithmetic.
 * @example durationMs('P1DT2H') // 93_600_000
 */
export function durationMs(value: string): number | null {
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return null;
  const [, days = '0', hours = '0', minutes = '0'] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000;
}
