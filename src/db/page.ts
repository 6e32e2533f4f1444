/** A page of a cursor-paginated list: `{ data, hasMore, nextCursor }`, the cursor being the last item's id. */
export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * Turns the `limit + 1` rows a list query fetched into a page: the extra row only says there is more.
 * @example toPage([{ id: 'a' }, { id: 'b' }], 1, (r) => r) // { data: [{ id: 'a' }], hasMore: true, nextCursor: 'a' }
 */
export function toPage<R, T extends { id: string }>(rows: readonly R[], limit: number, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit).map(map);
  return { data, hasMore, nextCursor: hasMore ? data.at(-1)!.id : null };
}
