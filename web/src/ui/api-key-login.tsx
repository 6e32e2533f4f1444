import { useState, type FormEvent, type ReactNode } from 'react';
import { createApiClient, failureText, unwrap } from '../api/client.ts';
import { apiKeyStore } from '../api/session.ts';
import { ErrorMessage, Field } from './field.tsx';

/**
 * Admin and checkout act with an API key: asked for once per browser tab, checked against the API
 * before it is kept, and forgotten when the tab closes.
 */
export function ApiKeyGate({ title, children }: { title: string; children: (signOut: () => void) => ReactNode }) {
  const [key, setKey] = useState(apiKeyStore.get());
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (key) {
    return children(() => {
      apiKeyStore.clear();
      setKey(null);
    });
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const candidate = draft.trim();
      unwrap(await createApiClient(() => candidate).GET('/v1/members', { params: { query: { limit: 1 } } }));
      apiKeyStore.set(candidate);
      setKey(candidate);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="page narrow">
      <h1>{title}</h1>
      <form onSubmit={submit} className="card">
        <Field label="API key" type="password" autoComplete="off" autoFocus required value={draft} onChange={(e) => setDraft(e.target.value)} hint="Printed by npm run demo, or created with POST /v1/api-keys." />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
