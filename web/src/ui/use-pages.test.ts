import { describe, expect, it } from 'vitest';
import { EXPORT_ROW_LIMIT, fetchAllPages, type LoadPage, type PageOf } from './use-pages.ts';

/** A fake list API: the pages by the cursor that asks for them, and every request it got. */
function fakePages(pages: Record<string, PageOf<number>>) {
  const asked: { cursor: string; limit: number | undefined }[] = [];
  const loadPage: LoadPage<number> = async (cursor, limit) => {
    asked.push({ cursor, limit });
    const page = pages[cursor];
    if (!page) throw new Error(`no page at ${cursor}`);
    return page;
  };
  return { loadPage, asked };
}

/** A list that never ends: each page holds `limit` numbered rows and a cursor to the next. */
function endlessPages() {
  let served = 0;
  let requests = 0;
  const loadPage: LoadPage<number> = async (_cursor, limit = 50) => {
    requests += 1;
    const data = Array.from({ length: limit }, (_, i) => served + i);
    served += limit;
    return { data, hasMore: true, nextCursor: `after-${served}` };
  };
  return { loadPage, requests: () => requests };
}

describe('fetchAllPages', () => {
  it('follows the cursor from the rows already loaded until the list ends, in order, asking for big pages', async () => {
    const { loadPage, asked } = fakePages({
      c1: { data: [3, 4, 5], hasMore: true, nextCursor: 'c2' },
      c2: { data: [6, 7], hasMore: false, nextCursor: null },
    });
    const progress: number[] = [];
    const all = await fetchAllPages([1, 2], 'c1', loadPage, (n) => progress.push(n));
    expect(all).toEqual({ rows: [1, 2, 3, 4, 5, 6, 7], complete: true });
    expect(asked).toEqual([
      { cursor: 'c1', limit: 200 },
      { cursor: 'c2', limit: 200 },
    ]);
    expect(progress).toEqual([5, 7]);
  });

  it('asks for nothing when every page is already loaded', async () => {
    const { loadPage, asked } = fakePages({});
    expect(await fetchAllPages([1, 2], null, loadPage, () => {})).toEqual({ rows: [1, 2], complete: true });
    expect(asked).toEqual([]);
  });

  it('takes an empty page that still has a cursor as the end rather than asking for ever', async () => {
    const { loadPage, asked } = fakePages({ c1: { data: [], hasMore: true, nextCursor: 'c1' } });
    expect(await fetchAllPages([1], 'c1', loadPage, () => {})).toEqual({ rows: [1], complete: true });
    expect(asked).toHaveLength(1);
  });

  it(`stops fetching at ${EXPORT_ROW_LIMIT} rows and says the list was cut there`, async () => {
    const { loadPage, requests } = endlessPages();
    const loaded = Array.from({ length: 20 }, (_, i) => -20 + i);
    const progress: number[] = [];
    const all = await fetchAllPages(loaded, 'first', loadPage, (n) => progress.push(n));
    // 20 loaded + 250 pages of 200 reach the limit; the 251st page is never asked for.
    expect(requests()).toBe(250);
    expect(all.complete).toBe(false);
    expect(all.rows).toHaveLength(EXPORT_ROW_LIMIT);
    expect(all.rows.slice(0, 21)).toEqual([...loaded, 0]);
    expect(all.rows.at(-1)).toBe(EXPORT_ROW_LIMIT - 21);
    expect(progress.at(-1)).toBe(EXPORT_ROW_LIMIT);
    expect(Math.max(...progress)).toBe(EXPORT_ROW_LIMIT);
  });

  it('counts a list that ends exactly at the limit as complete, and one with rows after it as cut', async () => {
    const ends = fakePages({ c1: { data: [3, 4], hasMore: false, nextCursor: null } });
    expect(await fetchAllPages([1, 2], 'c1', ends.loadPage, () => {}, 4)).toEqual({ rows: [1, 2, 3, 4], complete: true });
    const goesOn = fakePages({ c1: { data: [3, 4, 5], hasMore: false, nextCursor: null } });
    expect(await fetchAllPages([1, 2], 'c1', goesOn.loadPage, () => {}, 4)).toEqual({ rows: [1, 2, 3, 4], complete: false });
  });

  it('rejects with the error of a failing page', async () => {
    const { loadPage } = fakePages({ c1: { data: [2], hasMore: true, nextCursor: 'missing' } });
    await expect(fetchAllPages([1], 'c1', loadPage, () => {})).rejects.toThrow('no page at missing');
  });
});
