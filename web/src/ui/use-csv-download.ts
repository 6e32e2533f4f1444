import { useState } from 'react';
import { failureText } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import { downloadCsv } from './csv.ts';
import { EXPORT_ROW_LIMIT, type PagedRows } from './use-pages.ts';

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
      if (text === null) return setNote('No row of the whole list matches the filter: there is nothing to download.');
      downloadCsv(filename, text);
      if (!all.complete) setNote(`The CSV holds the first ${formatNumber(EXPORT_ROW_LIMIT)} rows of the list, the most one download takes; the rows after them are left out.`);
    } catch (failure) {
      setError(`The CSV could not be prepared, so nothing was downloaded. ${failureText(failure)}`);
    } finally {
      setPreparing(null);
    }
  };
  return { download, preparing, error, note };
}
