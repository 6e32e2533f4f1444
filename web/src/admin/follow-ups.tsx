import { useId, useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { formatDate } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { useSubmit } from '../ui/use-submit.ts';

type FollowUp = components['schemas']['FollowUp'];
type Status = FollowUp['status'];
const STATUSES: Record<Status, string> = { open: 'Open', in_progress: 'In progress', done: 'Done' };
const REASONS: Record<FollowUp['reason'], string> = { detractor: 'Detractor', low_csat: 'Low satisfaction' };

function StatusSelect({ label, value, onChange, any }: { label: string; value: string; onChange: (value: string) => void; any?: string }) {
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {any ? <option value="">{any}</option> : null}
        {(Object.keys(STATUSES) as Status[]).map((s) => (
          <option key={s} value={s}>
            {STATUSES[s]}
          </option>
        ))}
      </select>
    </div>
  );
}

function UpdateFollowUp({ client, followUp, onDone }: { client: ApiClient; followUp: FollowUp; onDone: (text: string) => void }) {
  const [status, setStatus] = useState<string>(followUp.status);
  const [outcome, setOutcome] = useState(followUp.outcome ?? '');
  const { submit, error, busy } = useSubmit(async (key) => {
    const body = { status: status as Status, ...(outcome.trim() ? { outcome: outcome.trim() } : {}) };
    unwrap(await client.PATCH('/v1/feedback/follow-ups/{id}', { params: { path: { id: followUp.id } }, headers: { 'Idempotency-Key': key }, body }));
    onDone(`Follow-up for ${followUp.memberId} is ${STATUSES[status as Status].toLowerCase()}.`);
  });
  return (
    <form onSubmit={submit} className="contact-form" aria-label={`Update the follow-up for ${followUp.memberId}`}>
      <div className="inline-form">
        <StatusSelect label="New status" value={status} onChange={setStatus} />
        <Field label="Outcome note" value={outcome} onChange={(e) => setOutcome(e.target.value)} maxLength={2000} />
        <button type="submit" disabled={busy}>
          Save follow-up
        </button>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
    </form>
  );
}

/** Detractors and unhappy answers waiting for someone to get back to them, soonest due first. */
export function FollowUps({ client }: { client: ApiClient }) {
  const [status, setStatus] = useState('open');
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { data, error, reload } = useLoad(
    async () => unwrap(await client.GET('/v1/feedback/follow-ups', { params: { query: { limit: 200, ...(status ? { status: status as Status } : {}) } } })),
    [client, status],
  );
  return (
    <section className="card" aria-labelledby="follow-ups-title">
      <div className="section-head">
        <h2 id="follow-ups-title">Follow-ups</h2>
        <StatusSelect label="Show" value={status} onChange={setStatus} any="Any status" />
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      {data ? (
        <DataTable
          caption="Follow-ups"
          rows={data.data}
          rowKey={(f) => f.id}
          filename="follow-ups.csv"
          empty="No follow-ups with this status."
          columns={[
            { label: 'Member', value: (f) => f.memberId, render: (f) => <Link to={`/admin/members/${f.memberId}`}>{f.memberId}</Link> },
            { label: 'Why', value: (f) => REASONS[f.reason] },
            { label: 'Status', value: (f) => STATUSES[f.status] },
            { label: 'Due', value: (f) => f.dueAt, render: (f) => formatDate(f.dueAt) },
            { label: 'Assignee', value: (f) => f.assignee },
            { label: 'Outcome', value: (f) => f.outcome },
            {
              label: 'Action',
              value: () => null,
              screenOnly: true,
              render: (f) => (
                <button type="button" className="secondary" onClick={() => (setEditing(f), setDone(null))}>
                  Update<span className="visually-hidden"> the follow-up for {f.memberId}</span>
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {editing ? (
        <UpdateFollowUp
          key={editing.id}
          client={client}
          followUp={editing}
          onDone={(text) => {
            setEditing(null);
            setDone(text);
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
