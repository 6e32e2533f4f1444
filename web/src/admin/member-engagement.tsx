import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { formatDate } from '../format.ts';
import type { PageOf } from '../ui/use-pages.ts';
import { CHANNELS, ContactForm, OUTCOMES, STAFF_ID_KEY } from './contact-form.tsx';
import { memberPages, type Contact, type FeedbackResponse } from './member-360-data.ts';
import { MemberTableSection } from './member-table-section.tsx';

type FollowUp = components['schemas']['FollowUp'];
const FOLLOW_UP_STATUS: Record<FollowUp['status'], string> = { open: 'open', in_progress: 'in progress', done: 'done' };

/** The member's survey answers (newest first) and the follow-ups the team still owes them. */
export function FeedbackSection({ client, memberId, first, followUps }: { client: ApiClient; memberId: string; first: PageOf<FeedbackResponse>; followUps: readonly FollowUp[] }) {
  const open = followUps.filter((f) => f.status !== 'done');
  const followUpOf = (r: FeedbackResponse) => followUps.find((f) => f.id === r.followUpId);
  return (
    <MemberTableSection
      id="feedback"
      title="Feedback"
      what="survey answers"
      first={first}
      loadPage={(cursor, limit) => memberPages.feedback(client, memberId, cursor, limit)}
      caption="Survey answers"
      rowKey={(r) => r.id}
      filename={`feedback-${memberId}.csv`}
      empty="No answers yet."
      columns={[
        { label: 'Date', value: (r) => r.submittedAt, render: (r) => formatDate(r.submittedAt) },
        { label: 'NPS', value: (r) => r.npsScore, numeric: true },
        { label: 'CSAT', value: (r) => r.csat, numeric: true },
        { label: 'CES', value: (r) => r.ces, numeric: true },
        { label: 'Staff rating', value: (r) => r.staffRating, numeric: true },
        { label: 'Store', value: (r) => r.storeId },
        { label: 'Staff', value: (r) => r.staffId },
        { label: 'Comment', value: (r) => r.comment },
        // A follow-up past the 200 soonest due is not loaded: say there is one, without a status.
        { label: 'Follow-up', value: (r) => (r.followUpId ? (followUpOf(r) ? FOLLOW_UP_STATUS[followUpOf(r)!.status] : 'yes') : null) },
      ]}
    >
      {open.length === 0 ? (
        <p className="muted">No open follow-ups.</p>
      ) : (
        <ul className="notes" aria-label="Open follow-ups">
          {open.map((f) => (
            <li key={f.id}>
              <strong>Follow-up {FOLLOW_UP_STATUS[f.status]}</strong> ({f.reason === 'detractor' ? 'detractor' : 'low satisfaction'}), due {formatDate(f.dueAt)}
              {f.assignee ? `, with ${f.assignee}` : ', not assigned'}
              {f.comment ? <span className="muted"> — “{f.comment}”</span> : null}
            </li>
          ))}
        </ul>
      )}
    </MemberTableSection>
  );
}

/** The contact log, newest first, and a form to log a call, email, visit or message. */
export function ContactsSection({ client, memberId, memberName, first, onLogged }: { client: ApiClient; memberId: string; memberName: string; first: PageOf<Contact>; onLogged: () => void }) {
  const [logging, setLogging] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <MemberTableSection
      id="contacts"
      title="Contact log"
      what="contacts"
      first={first}
      loadPage={(cursor, limit) => memberPages.contacts(client, memberId, cursor, limit)}
      action={
        logging ? null : (
          <button type="button" className="secondary" onClick={() => (setLogging(true), setDone(null))}>
            Log a contact
          </button>
        )
      }
      caption="Contacts"
      rowKey={(c) => c.id}
      filename={`contacts-${memberId}.csv`}
      empty="No contacts logged yet."
      columns={[
        { label: 'Date', value: (c) => c.contactedAt, render: (c) => formatDate(c.contactedAt) },
        { label: 'How', value: (c) => CHANNELS[c.channel] },
        { label: 'Outcome', value: (c) => OUTCOMES[c.outcome] },
        { label: 'What was said', value: (c) => c.note },
        { label: 'Next step', value: (c) => c.nextStep },
        { label: 'Next step on', value: (c) => c.nextStepAt, render: (c) => (c.nextStepAt ? formatDate(c.nextStepAt) : '—') },
        { label: 'Staff', value: (c) => c.staffId },
      ]}
    >
      {done ? <p role="status">{done}</p> : null}
      {logging ? (
        <ContactForm
          client={client}
          memberId={memberId}
          memberName={memberName}
          staffId={localStorage.getItem(STAFF_ID_KEY) ?? ''}
          onCancel={() => setLogging(false)}
          onLogged={(text) => {
            setLogging(false);
            setDone(text);
            onLogged();
          }}
        />
      ) : null}
    </MemberTableSection>
  );
}
