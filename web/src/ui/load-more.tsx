import { ErrorMessage } from './field.tsx';

/** "Load more" under a list that has more pages, and why the last try failed. */
export function LoadMore({ list, what }: { list: { hasMore: boolean; busy: boolean; error: string | null; loadMore: () => void }; what: string }) {
  return (
    <>
      <ErrorMessage>{list.error}</ErrorMessage>
      {list.hasMore ? (
        <button type="button" className="secondary" onClick={list.loadMore} disabled={list.busy}>
          Load more<span className="visually-hidden"> {what}</span>
        </button>
      ) : null}
    </>
  );
}
