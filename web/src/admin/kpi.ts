// Pure: how a figure moved against the previous period, worded for a KPI card.

export type Trend = 'up' | 'down' | 'flat';

/**
 * Relative change for counts and money, point change for ratios (a retention rate going from 40% to
 * 44% moved 4 points, not 10%) and for scores such as NPS (−100…100, where a percentage means nothing).
 * @example compareFigures(120, 100, 'count') // { trend: 'up', text: '+20%' }
 * @example compareFigures(0.44, 0.4, 'ratio') // { trend: 'up', text: '+4.0 pts' }
 * @example compareFigures(31, 35, 'score') // { trend: 'down', text: '−4' }
 */
export function compareFigures(current: number | null, previous: number | null, kind: 'count' | 'ratio' | 'score'): { trend: Trend; text: string } | null {
  if (current === null || previous === null) return null;
  const difference = current - previous;
  const trend: Trend = Math.abs(difference) < 1e-9 ? 'flat' : difference > 0 ? 'up' : 'down';
  const sign = difference >= 0 ? '+' : '−';
  if (kind === 'score') return { trend, text: `${sign}${Math.abs(Math.round(difference))}` };
  if (kind === 'ratio') return { trend, text: `${sign}${Math.abs(difference * 100).toFixed(1)} pts` };
  if (previous === 0) return current === 0 ? { trend, text: '±0%' } : { trend, text: 'new' };
  const percent = (difference / previous) * 100;
  return { trend, text: `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(Math.abs(percent) < 10 ? 1 : 0)}%` };
}

/** Points for an SVG polyline through the values, scaled into a width × height box (nulls skipped). */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number): string {
  const known = values.flatMap((value, index) => (value === null ? [] : [{ value, index }]));
  if (known.length < 2) return '';
  const min = Math.min(...known.map((k) => k.value));
  const max = Math.max(...known.map((k) => k.value));
  const span = max - min || 1;
  const step = width / Math.max(values.length - 1, 1);
  return known.map((k) => `${(k.index * step).toFixed(1)},${(height - ((k.value - min) / span) * height).toFixed(1)}`).join(' ');
}
