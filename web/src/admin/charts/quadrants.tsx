import { inkOn, shade } from './scale.ts';

export interface Quadrant {
  key: string;
  label: string;
  count: number;
  /** Where it sits: satisfied (right) or not, buying regularly (top) or not. */
  satisfied: boolean;
  loyal: boolean;
}

const SIZE = 200;
const PAD = 28;

/** Four boxes, satisfaction across and loyalty up, shaded by their share of respondents. */
export function QuadrantChart({ label, quadrants }: { label: string; quadrants: readonly Quadrant[] }) {
  const total = quadrants.reduce((sum, q) => sum + q.count, 0) || 1;
  const width = PAD + SIZE * 2 + 4;
  const height = SIZE * 2 + PAD + 4;
  return (
    <svg className="chart quadrants" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-label={label}>
      <title>{label}</title>
      {quadrants.map((q) => {
        const t = q.count / total;
        const x = PAD + (q.satisfied ? SIZE : 0);
        const y = q.loyal ? 0 : SIZE;
        return (
          <g key={q.key}>
            <rect x={x + 2} y={y + 2} width={SIZE - 4} height={SIZE - 4} rx={6} fill={shade(0.1 + t * 0.9)} />
            <text x={x + SIZE / 2} y={y + SIZE / 2 - 4} textAnchor="middle" fill={inkOn(0.1 + t * 0.9)} className="big-number">
              {q.count}
            </text>
            <text x={x + SIZE / 2} y={y + SIZE / 2 + 18} textAnchor="middle" fill={inkOn(0.1 + t * 0.9)} className="cell">
              {q.label}
            </text>
          </g>
        );
      })}
      <text x={PAD + SIZE} y={height - 6} textAnchor="middle" className="axis">
        Less satisfied ← → More satisfied
      </text>
      <text x={12} y={SIZE} textAnchor="middle" className="axis" transform={`rotate(-90 12 ${SIZE})`}>
        Drifting ← → Buying regularly
      </text>
    </svg>
  );
}
