import { useEffect, useRef, useState } from 'react';
import { failureText, newIdempotencyKey, unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { useSubmit } from '../ui/use-submit.ts';
import { QrCode } from '../wallet/qr-card.tsx';
import type { Lookup } from './recognition.tsx';

type Survey = components['schemas']['Survey'];
type Invitation = components['schemas']['Invitation'];
const STAFF_KEY = 'fidelis.staffId';
const SCORES = [1, 2, 3, 4, 5] as const;

/** The survey the checkout asks with, and its staff-rating question in the member's language. */
function staffRatingSurvey(surveys: readonly Survey[], locale: string | null) {
  const survey = surveys.find((s) => s.active && s.trigger.type === 'after_staff_interaction');
  const question = survey?.questions.find((q) => q.type === 'rating' && q.subject === 'staff');
  if (!survey || !question) return null;
  const language = locale?.split('-')[0] ?? '';
  const text = question.text[locale ?? ''] ?? question.text[language] ?? question.text[survey.defaultLocale] ?? Object.values(question.text)[0]!;
  return { survey, questionId: question.id, text };
}

/** The member taps 1–5 on the till's screen, or scans the QR code to answer on their phone. */
function RatingPad({ client, invitation, question, staffId, onRated }: { client: ApiClient; invitation: Invitation; question: { questionId: string; text: string }; staffId: string; onRated: (score: number) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One answer per invitation: a double tap replays the first answer rather than failing.
  const key = useRef(newIdempotencyKey());
  const heading = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rate = async (score: number) => {
    setBusy(true);
    setError(null);
    try {
      const body = { invitationId: invitation.id, channel: 'checkout' as const, answers: [{ questionId: question.questionId, value: score }], ...(staffId ? { staffId } : {}) };
      unwrap(await client.POST('/v1/feedback/responses', { headers: { 'Idempotency-Key': key.current }, body }));
      onRated(score);
    } catch (failure) {
      // A different score is a new intended answer; the server still admits only one per invitation.
      key.current = newIdempotencyKey();
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <p ref={heading} tabIndex={-1} className="rating-question">
        {question.text}
      </p>
      <div className="rating-pad" role="group" aria-label="Rating from 1 (poor) to 5 (excellent)">
        {SCORES.map((n) => (
          <button key={n} type="button" className="secondary" disabled={busy} onClick={() => rate(n)} aria-label={`Rate ${n} of 5`}>
            {n}
          </button>
        ))}
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <details className="rating-qr">
        <summary>Or answer on the phone</summary>
        <QrCode payload={invitation.url} alt="QR code of the rating link: scan it to answer on your phone." />
      </details>
    </div>
  );
}

/** The surveys did not load: why, in words, and a way to load them again; the rest of the till works meanwhile. */
function StaffRatingUnavailable({ error, retrying, onRetry, onDismiss }: { error: string; retrying: boolean; onRetry: () => void; onDismiss: () => void }) {
  return (
    <section className="card staff-rating" aria-labelledby="rating-title">
      <h2 id="rating-title">Staff rating</h2>
      <ErrorMessage>The staff rating could not be loaded. {error}</ErrorMessage>
      <div className="row">
        <button type="button" className="secondary" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Trying again…' : 'Try again'}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </section>
  );
}

/**
 * When the lookup says to ask (consent given, nobody asked recently), one press creates the rating
 * invitation; once created it stays on screen even though a fresh lookup would no longer ask.
 */
export function StaffRating({ client, lookup }: { client: ApiClient; lookup: Lookup }) {
  const { data: surveys, error: loadError, loading, reload } = useLoad(async () => (lookup.askForStaffRating ? unwrap(await client.GET('/v1/feedback/surveys')).data : []), [client]);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [staffId, setStaffId] = useState(() => sessionStorage.getItem(STAFF_KEY) ?? '');
  const [rated, setRated] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const found = surveys ? staffRatingSurvey(surveys, lookup.member.locale) : null;
  const { submit, error, busy } = useSubmit(async (key) => {
    if (!found) return;
    sessionStorage.setItem(STAFF_KEY, staffId);
    const body = { surveyId: found.survey.id, memberId: lookup.member.id, channel: 'checkout' as const, ...(staffId ? { staffId } : {}) };
    setInvitation(unwrap(await client.POST('/v1/feedback/invitations', { headers: { 'Idempotency-Key': key }, body })));
  });
  if (dismissed) return null;
  // Said rather than hidden: the cashier would otherwise never know the member was to be asked.
  if (lookup.askForStaffRating && !surveys && loadError) return <StaffRatingUnavailable error={loadError} retrying={loading} onRetry={reload} onDismiss={() => setDismissed(true)} />;
  if (!invitation && (!lookup.askForStaffRating || !found)) return null;
  const name = lookup.member.name ?? 'the member';
  return (
    <section className="card staff-rating" aria-labelledby="rating-title">
      <h2 id="rating-title">Staff rating</h2>
      {rated !== null ? (
        <p role="status">Thank you! {name} rated the service {rated} of 5.</p>
      ) : invitation ? (
        <RatingPad client={client} invitation={invitation} question={found!} staffId={staffId} onRated={setRated} />
      ) : (
        <form onSubmit={submit}>
          <p>Ask {name} to rate the service: it takes one tap.</p>
          <Field label="Your staff id (optional)" autoComplete="off" maxLength={100} value={staffId} onChange={(e) => setStaffId(e.target.value)} />
          <ErrorMessage>{error}</ErrorMessage>
          <div className="row">
            <button type="submit" disabled={busy}>
              Ask for a rating
            </button>
            <button type="button" className="secondary" onClick={() => setDismissed(true)}>
              Not now
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
