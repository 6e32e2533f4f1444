// Which column of a CSV (or which key of a JSON row) holds which field: checked once, up front, so a
// misspelt header stops the import before any row is read rather than rejecting every row.
import { ImportColumnsInvalid } from './errors.js';

/** Column name → its position in each row's fields. */
export type ColumnIndex<C extends string> = Record<C, number>;

/**
 * Positions of the known columns in `header`; a known column that is absent gets -1.
 * @example columnIndex(['sku', 'id'], ['id', 'sku', 'note'], ['id']) // { id: 1, sku: 0, note: -1 }
 */
export function columnIndex<C extends string>(header: readonly string[], known: readonly C[], required: readonly C[]): ColumnIndex<C> {
  const names = header.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ImportColumnsInvalid(`Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')}; the columns are ${known.join(', ')}.`);
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new ImportColumnsInvalid(`Column ${quote(repeated[0]!)} appears more than once.`);
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new ImportColumnsInvalid(`Missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  return Object.fromEntries(known.map((name) => [name, names.indexOf(name)])) as ColumnIndex<C>;
}

/** A row's fields as an object keyed by column; absent columns read as ''. */
export function fieldsByColumn<C extends string>(fields: readonly string[], index: ColumnIndex<C>, known: readonly C[]): Record<C, string> {
  const record = {} as Record<C, string>;
  for (const name of known) {
    const at = index[name];
    record[name] = at < 0 ? '' : (fields[at] ?? '');
  }
  return record;
}

function quote(name: string): string {
  return `"${name}"`;
}
