import { useState, type FormEvent } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { findMembers, type Member } from '../api/lookup.ts';
import { formatDate } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { LoadMore } from '../ui/load-more.tsx';
import { useLoad } from '../ui/use-load.ts';
import { useMorePages, type PageOf } from '../ui/use-pages.ts';
import './admin.css';

const PAGE = 50;

async function memberPage(client: ApiClient, cursor?: string, limit = PAGE): Promise<PageOf<Member>> {
  return unwrap(await client.GET('/v1/members', { params: { query: { limit, ...(cursor ? { cursor } : {}) } } }));
}

/** Every member a page at a time, or the ones an identifier finds. */
export function MemberSearch({ client }: { client: ApiClient }) {
  const [text, setText] = useState('');
  const [searched, setSearched] = useState('');
  const { data, error } = useLoad(
    async () => (searched ? { data: await findMembers(client, searched), hasMore: false, nextCursor: null } : memberPage(client)),
    [client, searched],
  );
  const search = (event: FormEvent) => {
    event.preventDefault();
    setSearched(text.trim());
  };
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <form onSubmit={search} className="inline-form" role="search">
        <Field label="Email, phone, member id or your customer number" type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus hint="Empty: all members." />
        <button type="submit">Search</button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      {data ? <MemberTable client={client} first={data} searched={searched} /> : <p role="status">Loading members…</p>}
    </section>
  );
}

function MemberTable({ client, first, searched }: { client: ApiClient; first: PageOf<Member>; searched: string }) {
  const list = useMorePages(first, (cursor, limit) => memberPage(client, cursor, limit));
  const name = (m: Member) => m.name ?? m.email ?? m.phone ?? m.id;
  return (
    <div className="card">
      <DataTable
        caption={searched ? 'Search results' : 'All members'}
        list={list}
        rowKey={(m) => m.id}
        filename={searched ? 'member-search.csv' : 'members.csv'}
        empty={searched ? `No member matches “${searched}”.` : 'No members yet.'}
        columns={[
          { label: 'Member', value: name, render: (m) => <Link to={`/admin/members/${m.id}`}>{name(m)}</Link> },
          { label: 'Email', value: (m) => m.email },
          { label: 'Phone', value: (m) => m.phone },
          { label: 'Customer number', value: (m) => m.externalId },
          { label: 'Tags', value: (m) => m.tags.join(', ') },
          { label: 'Member since', value: (m) => m.createdAt, render: (m) => formatDate(m.createdAt) },
          { label: 'Member id', value: (m) => m.id },
        ]}
      />
      <LoadMore list={list} what="members" />
    </div>
  );
}
