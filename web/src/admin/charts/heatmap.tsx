import { inkOn, shade } from './scale.ts';

const CELL_W = 52;
const CELL_H = 30;

/** A grid of shaded cells with their values written in; null cells (not yet observable) stay blank. */
export function Heatmap({
  label,
  columns,
  rows,
  max,
  format,
  rowHeader = 96,
}: {
  label: string;
  columns: readonly string[];
  rows: readonly { label: string; cells: readonly (number | null)[] }[];
  /** The value that gets the darkest shade. */
  max: number;
  format: (value: number) => string;
  rowHeader?: number;
}) {
  const width = rowHeader + columns.length * CELL_W;
  const height = 24 + rows.length * CELL_H;
  return (
    <svg className="chart heatmap" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-label={label}>
      <title>{label}</title>
      {columns.map((column, c) => (
        <text key={column} x={rowHeader + c * CELL_W + CELL_W / 2} y={16} textAnchor="middle" className="axis">
          {column}
        </text>
      ))}
      {rows.map((row, r) => (
        <g key={row.label} transform={`translate(0 ${24 + r * CELL_H})`}>
          <text x={rowHeader - 8} y={CELL_H / 2 + 4} textAnchor="end" className="axis">
            {row.label}
          </text>
          {row.cells.map((value, c) => {
            if (value === null) return null;
            const t = max > 0 ? value / max : 0;
            return (
              <g key={c}>
                <rect x={rowHeader + c * CELL_W + 1} y={1} width={CELL_W - 2} height={CELL_H - 2} rx={3} fill={shade(t)} />
                <text x={rowHeader + c * CELL_W + CELL_W / 2} y={CELL_H / 2 + 4} textAnchor="middle" fill={inkOn(t)} className="cell">
                  {format(value)}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
