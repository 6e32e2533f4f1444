import { unwrap, type ApiClient } from '../api/client.ts';
import { formatDate, formatNumber } from '../format.ts';
import { Link } from '../router.tsx';
import { ErrorMessage } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { AddNoteForm, AdjustPointsForm } from './member-forms.tsx';

async function loadMember(client: ApiClient, id: string) {
  const path = { params: { path: { id } } };
  const [member, balance, ledger, notes, tier] = await Promise.all([
    client.GET('/v1/members/{id}', path).then(unwrap),
    client.GET('/v1/members/{id}/balance', path).then(unwrap),
    client.GET('/v1/members/{id}/ledger', { params: { path: { id }, query: { limit: 25 } } }).then(unwrap),
    client.GET('/v1/members/{id}/notes', path).then(unwrap),
    // Without a tier ladder the program has no tiers: that is a 404 here, not an error to show.
    client.GET('/v1/members/{id}/tier', path).then((result) => (result.response.ok ? unwrap(result) : null)),
  ]);
  return { member, balance, ledger: ledger.data, notes: notes.data, tier };
}

export function Member360({ client, id }: { client: ApiClient; id: string }) {
  const { data, error, reload } = useLoad(() => loadMember(client, id), [client, id]);
  if (!data) return error ? <ErrorMessage>{error}</ErrorMessage> : <p role="status">Loading member…</p>;
  const { member, balance, ledger, notes, tier } = data;
  return (
    <section aria-labelledby="member-title" className="member-360">
      <p>
        <Link to="/admin/members">← Members</Link>
      </p>
      <h2 id="member-title">{member.name ?? member.email ?? member.id}</h2>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="grid">
        <div className="card" aria-labelledby="profile-title">
          <h3 id="profile-title">Profile</h3>
          <dl className="facts">
            <dt>Member id</dt>
            <dd>
              <code>{member.id}</code>
            </dd>
            <dt>Email</dt>
            <dd>{member.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{member.phone ?? '—'}</dd>
            <dt>Member since</dt>
            <dd>{formatDate(member.createdAt)}</dd>
            <dt>Marketing consent</dt>
            <dd>{member.marketingConsent ? 'Yes' : 'No'}</dd>
          </dl>
        </div>
        <div className="card" aria-labelledby="points-title">
          <h3 id="points-title">Points</h3>
          <p className="big" data-testid="balance">
            {formatNumber(balance.available)} <span className="muted">available</span>
          </p>
          <p>
            {formatNumber(balance.pending)} pending · {formatNumber(balance.lifetime.earned)} earned in total
          </p>
          <h3>Tier</h3>
          {tier ? (
            <>
              <p>
                <strong>{tier.tier.name}</strong>
              </p>
              <p>{tier.explanation}</p>
              {tier.next ? (
                <progress max={tier.next.threshold} value={tier.measure} aria-label={`Progress to ${tier.next.name}`}>
                  {tier.measure} of {tier.next.threshold}
                </progress>
              ) : null}
            </>
          ) : (
            <p className="muted">The program has no tiers.</p>
          )}
        </div>
      </div>
      <div className="grid">
        <AdjustPointsForm client={client} memberId={member.id} onDone={reload} />
        <AddNoteForm client={client} memberId={member.id} onDone={reload} />
      </div>
      <div className="card" aria-labelledby="notes-title">
        <h3 id="notes-title">Notes</h3>
        {notes.length === 0 ? (
          <p className="muted">No notes yet.</p>
        ) : (
          <ul className="notes">
            {notes.map((note) => (
              <li key={note.id}>
                {note.body} <span className="muted">— {note.author}, {formatDate(note.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="card" aria-labelledby="ledger-title">
        <h3 id="ledger-title">Ledger</h3>
        <table className="ledger">
          <caption className="visually-hidden">Latest points entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Points</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.occurredAt)}</td>
                <td className={entry.points < 0 ? 'negative number' : 'number'}>{entry.points > 0 ? `+${formatNumber(entry.points)}` : formatNumber(entry.points)}</td>
                <td>{entry.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ledger.length === 0 ? <p className="muted">No entries yet.</p> : null}
      </div>
    </section>
  );
}
