import { useCallback, useEffect, useState } from 'react';
import { failureText } from '../api/client.ts';

export interface Loaded<T> {
  data: T | null;
  /** Why the last load failed, in plain English words; null when it did not. */
  error: string | null;
  /** What the last load failed with, for a page that words it in its own language (the wallet); null when it did not. */
  failure: unknown;
  /** A load is running (the first, or a reload while the last data or failure stays on screen). */
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload), keeping the last data while a reload runs. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; failure: unknown; loading: boolean }>({ data: null, failure: null, loading: true });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    run().then(
      (data) => current && setState({ data, failure: null, loading: false }),
      (failure: unknown) => current && setState((s) => ({ data: s.data, failure, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [run, round]);
  const error = state.failure === null ? null : failureText(state.failure);
  return { ...state, error, reload: () => setRound((r) => r + 1) };
}
