import { useId, useState, type ReactNode } from 'react';
import { formatNumber } from '../format.ts';
import { toCsv, type CsvValue } from './csv.ts';
import { ErrorMessage } from './field.tsx';
import { ScrollBox } from './scroll-box.tsx';
import { useCsvDownload } from './use-csv-download.ts';
import type { PagedRows } from './use-pages.ts';

export interface Column<T> {
  label: string;
  /** The cell as text or number: what the filter matches and the CSV holds. */
  value: (row: T) => CsvValue;
  /** How the cell shows on screen, when not as its value. */
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  /** Left out of the CSV (e.g. a column of buttons). */
  screenOnly?: boolean;
}

/** Rows whose cells contain every word of the filter, case-insensitively. */
export function filterRows<T>(rows: readonly T[], columns: readonly Column<T>[], filter: string): T[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = columns.map((c) => String(c.value(row) ?? '')).join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The rows of a table: all of them, or a list loaded a page at a time (`useMorePages`). */
type TableRows<T> = { rows: readonly T[]; list?: undefined } | { list: PagedRows<T>; rows?: undefined };

/**
 * A table with a filter box and a "Download CSV" button that saves the rows the filter leaves, every
 * column as its plain value. Given a `list` with pages still to load, the CSV holds the whole list as
 * filtered: the button fetches the remaining pages first.
 */
export function DataTable<T>({
  caption,
  columns,
  filename,
  rowKey,
  captionHidden = false,
  empty = 'Nothing to show.',
  ...source
}: {
  caption: string;
  columns: readonly Column<T>[];
  filename: string;
  rowKey: (row: T, index: number) => string;
  captionHidden?: boolean;
  empty?: string;
} & TableRows<T>) {
  const [filter, setFilter] = useState('');
  const id = useId();
  const rows = source.list ? source.list.rows : source.rows;
  const shown = filterRows(rows, columns, filter);
  const csv = useCsvDownload(filename, source.list);
  const toText = (all: readonly T[]) => {
    const matching = all === shown ? shown : filterRows(all, columns, filter);
    if (matching.length === 0) return null;
    const exported = columns.filter((c) => !c.screenOnly);
    return toCsv(exported.map((c) => c.label), matching.map((row) => exported.map((c) => c.value(row))));
  };
  const more = source.list?.hasMore ?? false;
  return (
    <div className="data-table">
      <div className="table-tools">
        <label htmlFor={id}>Filter {caption.toLowerCase()}</label>
        <input id={id} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted" aria-live="polite">
          {shown.length === rows.length ? `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}` : `${shown.length} of ${rows.length} rows`}
        </span>
        <button type="button" className="secondary" onClick={() => void csv.download(shown, toText)} disabled={csv.preparing !== null || (shown.length === 0 && !more)}>
          {csv.preparing === null ? 'Download CSV' : `Preparing CSV… ${formatNumber(csv.preparing)} rows`}
          <span className="visually-hidden"> of {caption.toLowerCase()}</span>
        </button>
      </div>
      <ErrorMessage>{csv.error}</ErrorMessage>
      {csv.note ? (
        <p className="muted" role="status">
          {csv.note}
        </p>
      ) : null}
      <ScrollBox label={caption}>
        <table className={shown.length === 0 ? 'ledger empty' : 'ledger'}>
          <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? 'number' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={rowKey(row, i)}>
                {columns.map((c) => (
                  <td key={c.label} className={c.numeric ? 'number' : undefined}>
                    {c.render ? c.render(row) : (c.value(row) ?? '—')}
                  </td>
                ))}
              </tr>
            ))}
            {/* Said inside the table, so its headers head a cell even when there are no rows. */}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted empty-message">
                  {rows.length === 0 ? empty : more ? 'No row loaded so far matches the filter.' : 'No row matches the filter.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </ScrollBox>
    </div>
  );
}
