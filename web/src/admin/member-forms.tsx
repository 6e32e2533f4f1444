import { useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useSubmit } from '../ui/use-submit.ts';

export function AddNoteForm({ client, memberId, onDone }: { client: ApiClient; memberId: string; onDone: () => void }) {
  const [body, setBody] = useState('');
  const { submit, error, busy } = useSubmit(async (key) => {
    unwrap(await client.POST('/v1/members/{id}/notes', { params: { path: { id: memberId } }, headers: { 'Idempotency-Key': key }, body: { body } }));
    setBody('');
    onDone();
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="note-title">
      <h3 id="note-title">Add note</h3>
      <Field label="Note" value={body} onChange={(e) => setBody(e.target.value)} required maxLength={2000} hint="Shown to staff at checkout, e.g. “prefers oat milk”." />
      <ErrorMessage>{error}</ErrorMessage>
      <button type="submit" disabled={busy}>
        Add note
      </button>
    </form>
  );
}

export function AdjustPointsForm({ client, memberId, onDone }: { client: ApiClient; memberId: string; onDone: () => void }) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { submit, error, busy } = useSubmit(async (key) => {
    setDone(null);
    const change = unwrap(
      await client.POST('/v1/members/{id}/adjustments', {
        params: { path: { id: memberId } }, headers: { 'Idempotency-Key': key },
        body: { points: Number(points), reason },
      }),
    );
    setDone(`Adjusted by ${change.points} points; ${change.balance.available} available now.`);
    setPoints('');
    setReason('');
    onDone();
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="adjust-title">
      <h3 id="adjust-title">Adjust points</h3>
      <Field label="Points (negative to remove)" type="number" inputMode="numeric" step={1} required value={points} onChange={(e) => setPoints(e.target.value)} />
      <Field label="Reason" required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} hint="Kept in the ledger and shown with the entry." />
      <ErrorMessage>{error}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      <button type="submit" disabled={busy}>
        Adjust
      </button>
    </form>
  );
}
