import type { ReactNode } from 'react';
import type { Trend } from './kpi.ts';
import { sparklinePoints } from './kpi.ts';

const ARROWS: Record<Trend, string> = { up: '▲', down: '▼', flat: '■' };

export function KpiCard({
  label,
  value,
  change,
  goodWhen = 'up',
  hint,
  trend,
  withTrend = trend !== undefined,
}: {
  label: string;
  value: ReactNode;
  change: { trend: Trend; text: string } | null;
  goodWhen?: 'up' | 'down';
  hint?: string;
  trend?: readonly (number | null)[] | undefined;
  /** Keeps the sparkline's room while the trend loads (or when it has too few points), so the grid does not shift. */
  withTrend?: boolean;
}) {
  const tone = !change || change.trend === 'flat' ? 'neutral' : change.trend === goodWhen ? 'good' : 'bad';
  const line = trend ? sparklinePoints(trend, 100, 24) : '';
  return (
    <li className="kpi">
      <h3>{label}</h3>
      <p className="kpi-value">{value}</p>
      <p className={`kpi-change ${tone}`}>
        {change ? (
          <>
            <span aria-hidden="true">{ARROWS[change.trend]}</span> {change.text} <span className="muted">vs previous period</span>
          </>
        ) : (
          <span className="muted">no comparison</span>
        )}
      </p>
      {hint ? <p className="hint">{hint}</p> : null}
      {line ? (
        <svg className="sparkline" viewBox="-2 -2 104 28" role="img" aria-label={`${label} trend`}>
          <polyline points={line} fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      ) : withTrend ? (
        <div className="sparkline" aria-hidden="true" />
      ) : null}
    </li>
  );
}
