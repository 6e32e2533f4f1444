import type { ReactNode } from 'react';
import { DataTable, type Column } from '../../ui/data-table.tsx';

/**
 * A chart with its numbers: the drawing for the eye, and the same figures as a filterable, downloadable
 * table behind "Show the numbers" for screen readers, keyboards and spreadsheets.
 */
export function ChartCard<T>({
  id,
  title,
  note,
  controls,
  chart,
  rows,
  columns,
  rowKey,
  empty = 'No data for this period yet.',
}: {
  id: string;
  title: string;
  note?: ReactNode;
  controls?: ReactNode;
  chart: ReactNode;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T, index: number) => string;
  /** Said in place of the chart when there are no rows. */
  empty?: string;
}) {
  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h3 id={`${id}-title`}>{title}</h3>
        {controls}
      </div>
      {note ? <p className="hint">{note}</p> : null}
      {rows.length === 0 ? <p className="muted">{empty}</p> : chart}
      <details>
        <summary>Show the numbers</summary>
        <DataTable caption={title} captionHidden rows={rows} columns={columns} filename={`${id}.csv`} rowKey={rowKey} />
      </details>
    </section>
  );
}
