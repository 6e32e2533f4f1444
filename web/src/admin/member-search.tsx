import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/client.ts';
import { findMembers, type Member } from '../api/lookup.ts';
import { Link } from '../router.tsx';
import { ErrorMessage, Field } from '../ui/field.tsx';

export function MemberSearch({ client }: { client: ApiClient }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setFound(await findMembers(client, text));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <form onSubmit={search} className="inline-form" role="search">
        <Field label="Email, phone, member id or your customer number" type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        <button type="submit">Search</button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      {found === null ? null : found.length === 0 ? (
        <p role="status">No member matches “{text}”.</p>
      ) : (
        <ul className="results" aria-label="Search results">
          {found.map((m) => (
            <li key={m.id}>
              <Link to={`/admin/members/${m.id}`}>{m.name ?? m.email ?? m.phone ?? m.id}</Link>
              <span className="muted"> {[m.email, m.phone].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
