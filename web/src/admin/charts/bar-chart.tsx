const BAR_H = 26;
// 480 wide: drawn at its own size in a half-width card, so 12px text stays 12px.
const LABEL_W = 150;
const PLOT_W = 240;
const VALUE_W = 90;

export interface Bar {
  label: string;
  value: number;
  /** Drawn in the second colour, e.g. a cost beside revenue. */
  tone?: 'main' | 'alt';
}

/** Horizontal bars from zero, each labelled with its formatted value. */
export function BarChart({ label, bars, format }: { label: string; bars: readonly Bar[]; format: (value: number) => string }) {
  const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
  const width = LABEL_W + PLOT_W + VALUE_W;
  const height = bars.length * BAR_H + 4;
  return (
    <svg className="chart bars" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-label={label}>
      <title>{label}</title>
      {bars.map((bar, i) => {
        const length = Math.max(0, (bar.value / max) * PLOT_W);
        return (
          <g key={`${bar.label}-${i}`} transform={`translate(0 ${i * BAR_H + 2})`}>
            <text x={LABEL_W - 8} y={BAR_H / 2 + 4} textAnchor="end" className="axis">
              {bar.label}
            </text>
            <rect x={LABEL_W} y={4} width={length} height={BAR_H - 8} rx={2} className={bar.tone === 'alt' ? 'bar-alt' : 'bar'} />
            <text x={LABEL_W + length + 6} y={BAR_H / 2 + 4} className="value">
              {format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
