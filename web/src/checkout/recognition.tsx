import { unwrap, type ApiClient } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import { ErrorMessage } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';

async function loadRecognition(client: ApiClient, id: string) {
  const path = { params: { path: { id } } };
  const [member, balance, notes, tier] = await Promise.all([
    client.GET('/v1/members/{id}', path).then(unwrap),
    client.GET('/v1/members/{id}/balance', path).then(unwrap),
    client.GET('/v1/members/{id}/notes', path).then(unwrap),
    client.GET('/v1/members/{id}/tier', path).then((result) => (result.response.ok ? unwrap(result) : null)),
  ]);
  return { member, balance, notes: notes.data.slice(0, 3), tier };
}

/** Who is at the till: name, tier, points and what the team noted about them, at a glance. */
export function Recognition({ client, memberId, version }: { client: ApiClient; memberId: string; version: number }) {
  const { data, error } = useLoad(() => loadRecognition(client, memberId), [client, memberId, version]);
  if (!data) return error ? <ErrorMessage>{error}</ErrorMessage> : <div className="card recognition placeholder" role="status" aria-label="Loading member" />;
  const { member, balance, notes, tier } = data;
  return (
    <section className="card recognition" aria-labelledby="recognition-title">
      <h2 id="recognition-title">{member.name ?? member.email ?? member.phone ?? member.id}</h2>
      <p>
        {tier ? <span className="badge">{tier.tier.name}</span> : null}{' '}
        <strong data-testid="checkout-balance">{formatNumber(balance.available)} points</strong>
        {balance.pending > 0 ? <span className="muted"> · {formatNumber(balance.pending)} pending</span> : null}
      </p>
      {tier?.next ? <p className="muted">{tier.explanation}</p> : null}
      {notes.length > 0 ? (
        <ul className="notes" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id}>{note.body}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
