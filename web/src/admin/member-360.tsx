import type { ApiClient } from '../api/client.ts';
import { formatDate, formatNumber } from '../format.ts';
import { Link } from '../router.tsx';
import { ErrorMessage } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { LedgerSection, OrdersSection } from './member-activity.tsx';
import { loadMember360, type Member360Data } from './member-360-data.ts';
import { CouponsSection } from './member-coupons.tsx';
import { ContactsSection, FeedbackSection } from './member-engagement.tsx';
import { AddNoteForm, AdjustPointsForm } from './member-forms.tsx';
import { RewardsSection } from './member-rewards.tsx';
import { ScoresCard } from './member-scores.tsx';
import { MemberTags } from './member-tags.tsx';
import './admin.css';

const SECTIONS = [
  ['ledger', 'Ledger'],
  ['orders', 'Orders'],
  ['feedback', 'Feedback'],
  ['contacts', 'Contacts'],
  ['rewards', 'Rewards'],
  ['coupons', 'Coupons'],
] as const;

export function Member360({ client, id }: { client: ApiClient; id: string }) {
  const { data, error, reload } = useLoad(() => loadMember360(client, id), [client, id]);
  if (!data) return error ? <ErrorMessage>{error}</ErrorMessage> : <p role="status">Loading member…</p>;
  const { member } = data;
  const name = member.name ?? member.email ?? member.phone ?? member.id;
  return (
    <section aria-labelledby="member-title" className="member-360">
      <p>
        <Link to="/admin/members">← Members</Link>
      </p>
      <h2 id="member-title">{name}</h2>
      <nav aria-label="Member sections" className="jump-links">
        {SECTIONS.map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`}>
            {label}
          </a>
        ))}
      </nav>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="grid">
        <Profile client={client} data={data} onChange={reload} />
        <PointsAndTier data={data} />
        <ScoresCard scores={data.scores} />
      </div>
      <div className="grid">
        <AdjustPointsForm client={client} memberId={member.id} onDone={reload} />
        <AddNoteForm client={client} memberId={member.id} onDone={reload} />
      </div>
      <section className="card" aria-labelledby="notes-title">
        <h3 id="notes-title">Notes</h3>
        {data.notes.length === 0 ? (
          <p className="muted">No notes yet.</p>
        ) : (
          <ul className="notes">
            {data.notes.map((note) => (
              <li key={note.id}>
                {note.body} <span className="muted">— {note.author}, {formatDate(note.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <LedgerSection client={client} memberId={member.id} first={data.ledger} />
      <OrdersSection client={client} memberId={member.id} first={data.orders} />
      <FeedbackSection client={client} memberId={member.id} first={data.feedback} followUps={data.followUps} />
      <ContactsSection client={client} memberId={member.id} memberName={name} first={data.contacts} onLogged={reload} />
      <RewardsSection memberId={member.id} codes={data.rewards} />
      <CouponsSection client={client} memberId={member.id} first={data.coupons} />
    </section>
  );
}

function Profile({ client, data, onChange }: { client: ApiClient; data: Member360Data; onChange: () => void }) {
  const { member } = data;
  return (
    <section className="card" aria-labelledby="profile-title">
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
        <dt>Tags</dt>
        <dd>
          <MemberTags client={client} memberId={member.id} tags={member.tags} onSaved={onChange} />
        </dd>
      </dl>
    </section>
  );
}

function PointsAndTier({ data }: { data: Member360Data }) {
  const { balance, tier } = data;
  return (
    <section className="card" aria-labelledby="points-title">
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
    </section>
  );
}
