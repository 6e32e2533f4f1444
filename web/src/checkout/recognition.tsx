import type { components } from '../api/schema';
import { formatNumber } from '../format.ts';

export type Lookup = components['schemas']['CheckoutLookup'];

/** Who is at the till: name, tier, greeting, points, what they like and what the team noted about them, at a glance. */
export function Recognition({ lookup }: { lookup: Lookup }) {
  const { member, balance, notes, tier, greeting, openFollowUps, preferences } = lookup;
  const liked = Object.entries(preferences);
  return (
    <section className="card recognition" aria-labelledby="recognition-title">
      <h2 id="recognition-title">{member.name ?? member.id}</h2>
      <p className="greeting" data-testid="checkout-greeting">
        {greeting.text}
      </p>
      <p>
        {tier ? <span className="badge">{tier.name}</span> : null}{' '}
        <strong data-testid="checkout-balance">{formatNumber(balance.available)} points</strong>
        {balance.pending > 0 ? <span className="muted"> · {formatNumber(balance.pending)} pending</span> : null}
      </p>
      {liked.length > 0 ? (
        <dl className="preferences" aria-label="Preferences" data-testid="checkout-preferences">
          {liked.map(([key, value]) => (
            <div key={key}>
              <dt>{key.replace(/_/g, ' ')}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {openFollowUps > 0 ? <p className="error">Their earlier feedback still has an open follow-up.</p> : null}
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
