import { useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { formatDate } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { ContactForm, STAFF_ID_KEY } from './contact-form.tsx';
import { FollowUps } from './follow-ups.tsx';
import './admin.css';

type Entry = components['schemas']['CallListEntry'];

/** Who to call now for the signed-in person (their rules and the shared pool), and the feedback follow-ups. */
export function CallListPage({ client }: { client: ApiClient }) {
  const [staffId, setStaffId] = useState(() => localStorage.getItem(STAFF_ID_KEY) ?? '');
  const [calling, setCalling] = useState<Entry | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const who = staffId.trim();
  const { data, error, reload } = useLoad(
    async () => unwrap(await client.GET('/v1/engagement/call-list', { params: { query: { limit: 200, ...(who ? { staffId: who } : {}) } } })),
    [client, who],
  );
  const rememberStaff = (value: string) => {
    setStaffId(value);
    localStorage.setItem(STAFF_ID_KEY, value.trim());
  };
  const name = (e: Entry) => e.name ?? e.email ?? e.phone ?? e.memberId;
  return (
    <section aria-labelledby="calls-title">
      <h2 id="calls-title">Call list</h2>
      <div className="card">
        <div className="staff-field">
          <Field label="Your staff id" value={staffId} onChange={(e) => rememberStaff(e.target.value)} hint="Lists your rules and the shared pool, and signs the contacts you log. Empty: everyone’s list." />
        </div>
        <ErrorMessage>{error}</ErrorMessage>
        {done ? <p role="status">{done}</p> : null}
        {data ? (
          <DataTable
            caption="Members to call"
            rows={data.data}
            rowKey={(e) => e.memberId}
            filename="call-list.csv"
            empty="Nobody to call now."
            columns={[
              { label: 'Member', value: name, render: (e) => <Link to={`/admin/members/${e.memberId}`}>{name(e)}</Link> },
              { label: 'Phone', value: (e) => e.phone },
              { label: 'Email', value: (e) => e.email },
              { label: 'Why', value: (e) => e.reason },
              { label: 'Rule', value: (e) => e.ruleName },
              { label: 'Assignee', value: (e) => e.assignee ?? 'pool' },
              { label: 'Last contact', value: (e) => e.lastContactAt, render: (e) => (e.lastContactAt ? formatDate(e.lastContactAt) : 'never') },
              {
                label: 'Action',
                value: () => null,
                screenOnly: true,
                render: (e) => (
                  <button type="button" className="secondary" onClick={() => (setCalling(e), setDone(null))}>
                    Log contact<span className="visually-hidden"> with {name(e)}</span>
                  </button>
                ),
              },
            ]}
          />
        ) : (
          <p role="status">Loading the call list…</p>
        )}
        {calling ? (
          <ContactForm
            client={client}
            memberId={calling.memberId}
            memberName={name(calling)}
            staffId={who}
            onCancel={() => setCalling(null)}
            onLogged={(text) => {
              setCalling(null);
              setDone(text);
              reload();
            }}
          />
        ) : null}
      </div>
      {/* Below the call list, and only once it is in: appearing first, it would be pushed down by the list. */}
      {data || error ? <FollowUps client={client} /> : null}
    </section>
  );
}
