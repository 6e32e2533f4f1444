import { useRef, useState } from 'react';

export interface PageOf<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * A list that starts from a page loaded with the rest of the screen (so the screen renders once, without
 * layout shift) and grows a page at a time on request. A new `first` page (after a reload) starts over.
 */
export function useMorePages<T>(first: PageOf<T>, loadPage: (cursor: string) => Promise<PageOf<T>>) {
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
      if (mine === round.current) setState((s) => ({ ...s, busy: false, error: failure instanceof Error ? failure.message : String(failure) }));
    }
  };
  return { rows: current.rows, hasMore: current.next !== null, busy: current.busy, error: current.error, loadMore };
}
