import { useState } from 'react';
import { failureText } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import { downloadCsv } from './csv.ts';
import { EXPORT_ROW_LIMIT, type PagedRows } from './use-pages.ts';

/**
 * What a downloaded file leaves out, in words; null when it holds every row of the list. `saved` is false
 * when no row matched the filter, so nothing was saved; past the row limit that says nothing of the rows after it.
 * @example exportNote(false, true, 'en') // 'The CSV was made from the first 50,000 rows of the list, …'
 */
export function exportNote(complete: boolean, saved: boolean, locale?: string): string | null {
  const first = `the first ${formatNumber(EXPORT_ROW_LIMIT, locale)} rows of the list`;
  if (!saved) return complete ? 'No row of the whole list matches the filter: there is nothing to download.' : `No row among ${first} (the most one download takes) matches the filter: there is nothing to download.`;
  return complete ? null : `The CSV was made from ${first}, the most one download takes; the rows after them are left out.`;
}

/**
 * Saves a table as CSV. A list with pages not loaded yet fetches them first (its "Load more" pages are
 * part of the list the user filtered, not just the ones on screen): `preparing` counts the rows so far,
 * `error` says in words why a page failed (nothing is saved then), `note` what the file leaves out.
 */
export function useCsvDownload<T>(filename: string, list: PagedRows<T> | undefined) {
  const [preparing, setPreparing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  /** `toText` turns rows (all of the list, unfiltered) into CSV text, or null when none is left to save. */
  const download = async (shown: readonly T[], toText: (rows: readonly T[]) => string | null) => {
    setError(null);
    setNote(null);
    if (!list?.hasMore) {
      const text = toText(shown);
      if (text !== null) downloadCsv(filename, text);
      return;
    }
    setPreparing(list.rows.length);
    try {
      const all = await list.loadAll(setPreparing);
      if (!all) return;
      const text = toText(all.rows);
      if (text !== null) downloadCsv(filename, text);
      setNote(exportNote(all.complete, text !== null));
    } catch (failure) {
      setError(`The CSV could not be prepared, so nothing was downloaded. ${failureText(failure)}`);
    } finally {
      setPreparing(null);
    }
  };
  return { download, preparing, error, note };
}
