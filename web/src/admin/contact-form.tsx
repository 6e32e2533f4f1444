import { useEffect, useId, useRef, useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useSubmit } from '../ui/use-submit.ts';

export const CHANNELS = { call: 'Call', email: 'Email', visit: 'Visit', message: 'Message' } as const;
export const OUTCOMES = { reached: 'Reached', no_answer: 'No answer', left_message: 'Left a message', declined: 'Declined', wrong_number: 'Wrong number' } as const;
/** Where this browser remembers the staff id that signs logged contacts (set on the call list). */
export const STAFF_ID_KEY = 'fidelis.staffId';

function Select<K extends string>({ label, value, options, onChange }: { label: string; value: K; options: Record<K, string>; onChange: (value: K) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as K)}>
        {(Object.keys(options) as K[]).map((k) => (
          <option key={k} value={k}>
            {options[k]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Logs a call, email, visit or message with its outcome and the next step. */
export function ContactForm({
  client,
  memberId,
  memberName,
  staffId,
  onLogged,
  onCancel,
}: {
  client: ApiClient;
  memberId: string;
  memberName: string;
  staffId: string;
  onLogged: (text: string) => void;
  onCancel: () => void;
}) {
  const [channel, setChannel] = useState<keyof typeof CHANNELS>('call');
  const [outcome, setOutcome] = useState<keyof typeof OUTCOMES>('reached');
  const [note, setNote] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [nextStepAt, setNextStepAt] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [memberId]);
  const { submit, error, busy } = useSubmit(async (key) => {
    const body = {
      channel,
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(nextStep.trim() ? { nextStep: nextStep.trim() } : {}),
      ...(nextStep.trim() && nextStepAt ? { nextStepAt: new Date(`${nextStepAt}T09:00:00`).toISOString() } : {}),
      ...(staffId ? { staffId } : {}),
    };
    unwrap(await client.POST('/v1/members/{id}/contacts', { params: { path: { id: memberId } }, headers: { 'Idempotency-Key': key }, body }));
    onLogged(`${CHANNELS[channel]} with ${memberName} logged: ${OUTCOMES[outcome].toLowerCase()}.`);
  });
  return (
    <form onSubmit={submit} className="contact-form" aria-labelledby="contact-title">
      <h3 id="contact-title" ref={heading} tabIndex={-1}>
        Log a contact with {memberName}
      </h3>
      <div className="row">
        <Select label="How" value={channel} options={CHANNELS} onChange={setChannel} />
        <Select label="Outcome" value={outcome} options={OUTCOMES} onChange={setOutcome} />
      </div>
      <Field label="What was said" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      <div className="row">
        <Field label="Next step" value={nextStep} onChange={(e) => setNextStep(e.target.value)} maxLength={500} hint="e.g. Send the autumn catalogue" />
        <Field label="Next step on" type="date" value={nextStepAt} onChange={(e) => setNextStepAt(e.target.value)} disabled={!nextStep.trim()} />
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="row">
        <button type="submit" disabled={busy}>
          Save contact
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
