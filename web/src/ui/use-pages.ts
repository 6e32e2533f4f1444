import { useRef, useState } from 'react';
import { failureText } from '../api/client.ts';

export interface PageOf<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** The page after `cursor`; `limit` asks for a page size other than the list's own (an export asks for big pages). */
export type LoadPage<T> = (cursor: string, limit?: number) => Promise<PageOf<T>>;

/** A whole list fetched for export, and whether it all fit under the row limit. */
export interface AllRows<T> {
  rows: T[];
  complete: boolean;
}

/** The most rows an export fetches: past this a browser tab gets slow and a spreadsheet unwieldy. */
export const EXPORT_ROW_LIMIT = 50_000;
// The largest page the API's lists accept (pageQuery's maximum): a 50,000-row export is 250 requests.
const EXPORT_PAGE = 200;

/**
 * The rows already loaded plus every page after `next`, up to `max` rows, telling `onProgress` the count
 * after each page. A failing page rejects with its error.
 * @example await fetchAllPages(first.data, first.nextCursor, loadPage, (n) => console.log(n)) // { rows: [...], complete: true }
 */
export async function fetchAllPages<T>(loaded: readonly T[], next: string | null, loadPage: LoadPage<T>, onProgress: (rows: number) => void, max = EXPORT_ROW_LIMIT): Promise<AllRows<T>> {
  const rows = [...loaded];
  let cursor = next;
  while (cursor !== null && rows.length < max) {
    const page = await loadPage(cursor, EXPORT_PAGE);
    rows.push(...page.data);
    // An empty page with a cursor would loop for ever: take it as the end.
    cursor = page.data.length > 0 ? page.nextCursor : null;
    // The last page may overshoot the limit; the count shown is of the rows the file will hold.
    onProgress(Math.min(rows.length, max));
  }
  return { rows: rows.slice(0, max), complete: cursor === null && rows.length <= max };
}

/** What a table needs of a list that loads a page at a time: the rows so far, and a way to fetch them all. */
export interface PagedRows<T> {
  rows: readonly T[];
  hasMore: boolean;
  /** Every row of the list (up to EXPORT_ROW_LIMIT); null when the list started over meanwhile. */
  loadAll: (onProgress: (rows: number) => void) => Promise<AllRows<T> | null>;
}

/**
 * A list that starts from a page loaded with the rest of the screen (so the screen renders once, without
 * layout shift) and grows a page at a time on request. A new `first` page (after a reload) starts over.
 */
export function useMorePages<T>(first: PageOf<T>, loadPage: LoadPage<T>) {
  const [state, setState] = useState({ base: first, rows: first.data, next: first.nextCursor, error: null as string | null, busy: false });
  const round = useRef(0);
  let current = state;
  if (state.base !== first) {
    round.current += 1;
    current = { base: first, rows: first.data, next: first.nextCursor, error: null, busy: false };
    setState(current);
  }
  const loadMore = async () => {
    if (!current.next) return;
    const mine = round.current;
    setState((s) => ({ ...s, busy: true, error: null }));
    try {
      const page = await loadPage(current.next);
      if (mine === round.current) setState((s) => ({ ...s, rows: [...s.rows, ...page.data], next: page.nextCursor, busy: false }));
    } catch (failure) {
      if (mine === round.current) setState((s) => ({ ...s, busy: false, error: failureText(failure) }));
    }
  };
  // The export leaves the table as it is: thousands of rows are for the file, not the screen.
  const loadAll = async (onProgress: (rows: number) => void) => {
    const mine = round.current;
    const all = await fetchAllPages(current.rows, current.next, loadPage, onProgress);
    return mine === round.current ? all : null;
  };
  return { rows: current.rows, hasMore: current.next !== null, busy: current.busy, error: current.error, loadMore, loadAll };
}
