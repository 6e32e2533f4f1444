import { labelStride, ticks } from './scale.ts';

const W = 500;
const H = 220;
const M = { top: 12, right: 16, bottom: 28, left: 44 };

export interface LinePoint {
  x: string;
  y: number | null;
  /** A confidence band around y, drawn shaded. */
  low?: number;
  high?: number;
}

/** A line over labelled periods with an optional shaded interval; gaps where y is null. */
export function LineChart({ label, points, domain, format }: { label: string; points: readonly LinePoint[]; domain: [number, number]; format: (value: number) => string }) {
  const known = points.flatMap((p) => [p.y, p.low, p.high]).filter((v): v is number => typeof v === 'number');
  const lo = Math.max(domain[0], Math.min(...known, 0));
  const hi = Math.min(domain[1], Math.max(...known, 0));
  const axis = ticks(lo, hi, 4).filter((t) => t >= domain[0] && t <= domain[1]);
  const yMin = Math.min(lo, axis[0] ?? lo);
  const yMax = Math.max(hi, axis.at(-1) ?? hi);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => M.top + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH;
  const banded = points.flatMap((p, i) => (p.low === undefined || p.high === undefined ? [] : [{ i, low: p.low, high: p.high }]));
  const band = banded.length > 1 ? [...banded.map((b) => `${x(b.i)},${y(b.high)}`), ...banded.reverse().map((b) => `${x(b.i)},${y(b.low)}`)].join(' ') : '';
  const line = points.flatMap((p, i) => (p.y === null ? [] : [`${x(i)},${y(p.y)}`])).join(' ');
  const stride = labelStride(points.length, 8);
  return (
    <svg className="chart line" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <title>{label}</title>
      {axis.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="grid" />
          <text x={M.left - 6} y={y(t) + 4} textAnchor="end" className="axis">
            {format(t)}
          </text>
        </g>
      ))}
      {band ? <polygon points={band} className="band" /> : null}
      <polyline points={line} className="line" fill="none" />
      {points.map((p, i) =>
        p.y === null ? null : (
          <circle key={p.x} cx={x(i)} cy={y(p.y)} r={3.5} className="dot">
            <title>{`${p.x}: ${format(p.y)}`}</title>
          </circle>
        ),
      )}
      {points.map((p, i) =>
        i % stride === 0 ? (
          <text key={p.x} x={x(i)} y={H - 8} textAnchor="middle" className="axis">
            {p.x}
          </text>
        ) : null,
      )}
    </svg>
  );
}
