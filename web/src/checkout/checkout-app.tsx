import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { createApiClient, failureText, unwrap, type ApiClient } from '../api/client.ts';
import { findMembers, type Member } from '../api/lookup.ts';
import { apiKeyStore } from '../api/session.ts';
import { ApiKeyGate } from '../ui/api-key-login.tsx';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import './checkout.css';
import { Recognition } from './recognition.tsx';
import { RewardCodeForm, RewardForm } from './reward-form.tsx';
import { StaffRating } from './staff-rating.tsx';
import { PurchaseForm, RedeemForm } from './till-forms.tsx';
import { WalletSignIn } from './wallet-sign-in.tsx';

/** The member at the till, from the one-call checkout lookup; every change below reloads it. */
function MemberAtTill({ client, memberId }: { client: ApiClient; memberId: string }) {
  const [version, setVersion] = useState(0);
  const { data: lookup, error } = useLoad(async () => unwrap(await client.GET('/v1/checkout/lookup', { params: { query: { q: memberId } } })), [client, memberId, version]);
  const changed = () => setVersion((v) => v + 1);
  if (!lookup) return error ? <ErrorMessage>{error}</ErrorMessage> : <div className="card recognition placeholder" role="status" aria-label="Loading member" />;
  return (
    <div className="till">
      <Recognition lookup={lookup} />
      <div className="grid">
        <PurchaseForm client={client} memberId={memberId} onDone={changed} />
        <RedeemForm client={client} memberId={memberId} onDone={changed} />
        <RewardForm client={client} lookup={lookup} onDone={changed} />
        <RewardCodeForm client={client} lookup={lookup} onDone={changed} />
      </div>
      <StaffRating client={client} lookup={lookup} />
      <WalletSignIn client={client} memberId={memberId} name={lookup.member.name ?? 'The member'} />
    </div>
  );
}

/**
 * The till flow, keyboard first: type or scan → Enter → the member's panel with the amount field
 * focused → Enter records the purchase. Escape (or "Next customer") returns to the lookup field.
 */
function Till({ client, signOut }: { client: ApiClient; signOut: () => void }) {
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<Member[] | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lookupField = useRef<HTMLInputElement>(null);

  const nextCustomer = () => {
    setMemberId(null);
    setMatches(null);
    setText('');
    setError(null);
    lookupField.current?.focus();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && nextCustomer();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const lookup = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMemberId(null);
    // A scanned membership card reads `fidelis:<member id>`.
    const typed = text.trim().replace(/^fidelis:/, '');
    try {
      const found = await findMembers(client, typed);
      setMatches(found);
      if (found.length === 1) setMemberId(found[0]!.id);
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  return (
    <div className="checkout">
      <header className="topbar">
        <h1 className="app-name">Fidelis checkout</h1>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="page">
        <form onSubmit={lookup} className="inline-form" role="search">
          <Field ref={lookupField} label="Member: scan the card or type email, phone or member id" autoFocus autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit">Find</button>
          <button type="button" className="secondary" onClick={nextCustomer}>
            Next customer
          </button>
        </form>
        <ErrorMessage>{error}</ErrorMessage>
        {matches && matches.length === 0 ? <p role="status">No member found for “{text}”. Check the spelling or ask for another detail.</p> : null}
        {matches && matches.length > 1 && !memberId ? (
          <ul className="results" aria-label="Matching members">
            {matches.map((m) => (
              <li key={m.id}>
                <button type="button" className="secondary" onClick={() => setMemberId(m.id)}>
                  {m.name ?? m.email ?? m.id} <span className="muted">{m.phone ?? ''}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {/* Keyed by member: the next customer starts with empty forms and fresh idempotency keys. */}
        {memberId ? <MemberAtTill key={memberId} client={client} memberId={memberId} /> : null}
      </main>
    </div>
  );
}

export default function CheckoutApp() {
  return <ApiKeyGate title="Fidelis checkout">{(signOut) => <CheckoutPages signOut={signOut} />}</ApiKeyGate>;
}

function CheckoutPages({ signOut }: { signOut: () => void }) {
  const client = useMemo(() => createApiClient(apiKeyStore.get), []);
  return <Till client={client} signOut={signOut} />;
}
