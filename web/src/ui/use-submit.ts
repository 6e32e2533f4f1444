import { useRef, useState, type FormEvent } from 'react';
import { failureText, newIdempotencyKey } from '../api/client.ts';

/** Submits once per intended change: the key is renewed only after a success. */
export function useSubmit(action: (idempotencyKey: string) => Promise<void>) {
  const key = useRef(newIdempotencyKey());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action(key.current);
      key.current = newIdempotencyKey();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}
