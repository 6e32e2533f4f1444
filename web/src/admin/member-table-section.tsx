import type { ReactNode } from 'react';
import { DataTable, type Column } from '../ui/data-table.tsx';
import { LoadMore } from '../ui/load-more.tsx';
import { useMorePages, type LoadPage, type PageOf } from '../ui/use-pages.ts';

/**
 * One of the Member 360's lists: a card titled `title` (jump target `#id`) with an optional `action`
 * beside the title, what `children` put above the table, the table (filter, CSV of the whole list)
 * and "Load more …`what`".
 */
export function MemberTableSection<T>({
  id,
  title,
  what,
  first,
  loadPage,
  action,
  children,
  ...table
}: {
  id: string;
  title: string;
  what: string;
  first: PageOf<T>;
  loadPage: LoadPage<T>;
  action?: ReactNode;
  children?: ReactNode;
  caption: string;
  columns: readonly Column<T>[];
  filename: string;
  rowKey: (row: T, index: number) => string;
  empty: string;
}) {
  const list = useMorePages(first, loadPage);
  const heading = <h3 id={`${id}-title`}>{title}</h3>;
  return (
    <section className="card" aria-labelledby={`${id}-title`} id={id}>
      {action === undefined ? (
        heading
      ) : (
        <div className="section-head">
          {heading}
          {action}
        </div>
      )}
      {children}
      <DataTable {...table} captionHidden list={list} />
      <LoadMore list={list} what={what} />
    </section>
  );
}
