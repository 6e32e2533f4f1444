import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { failureText, newIdempotencyKey, type ApiClient } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { DocumentEditor } from './document-editor.tsx';
import { parseObject, stringify, type JsonObject } from './json-path.ts';
import type { KeyField } from './key-fields.tsx';
import { ProblemError, type FieldProblem } from './problem.ts';

/** A setting the program has one of (the tier ladder, the referral program), replaced as a whole. */
export interface DocumentSpec<T> {
  title: string;
  intro: ReactNode;
  /** null when it was never set. */
  load: (client: ApiClient) => Promise<T | null>;
  summary: (doc: T) => ReactNode;
  fields: readonly KeyField[];
  template: JsonObject;
  save: (client: ApiClient, body: JsonObject, idempotencyKey: string) => Promise<unknown>;
}

export function DocumentScreen<T>({ spec, client }: { spec: DocumentSpec<T>; client: ApiClient }) {
  // Wrapped, so `data === null` means loading and `{ doc: null }` means never set.
  const current = useLoad(() => spec.load(client).then((doc) => ({ doc })), [client, spec]);
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseObject(text ?? '');
    if ('error' in parsed) return setError(parsed.error);
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      await spec.save(client, parsed.doc, key.current);
      key.current = newIdempotencyKey();
      setText(null);
      setNotice('Saved. The previous version is kept by the server.');
      current.reload();
    } catch (failure) {
      setError(failureText(failure));
      if (failure instanceof ProblemError) setProblems(failure.fields);
    } finally {
      setBusy(false);
    }
  };

  const loaded = current.data !== null;
  const doc = current.data?.doc ?? null;
  return (
    <section aria-labelledby="document-title" className="resource">
      <div className="section-head">
        <h2 id="document-title">{spec.title}</h2>
        {text === null && loaded ? (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setText(stringify(doc ? (doc as JsonObject) : spec.template));
            }}
          >
            {doc ? 'Edit' : 'Set up'}
          </button>
        ) : null}
      </div>
      <p className="muted">{spec.intro}</p>
      {notice ? <p role="status" className="notice">{notice}</p> : null}
      {text !== null ? (
        <form onSubmit={save} className="card" aria-labelledby="document-editor-title">
          <h3 id="document-editor-title">Edit {spec.title.toLowerCase()}</h3>
          <DocumentEditor text={text} onText={setText} fields={spec.fields} problems={problems} />
          <ErrorMessage>{error}</ErrorMessage>
          <div className="row">
            <button type="submit" disabled={busy}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setText(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {doc ? spec.summary(doc) : current.error ? <ErrorMessage>{current.error}</ErrorMessage> : loaded ? <p>Not set up yet.</p> : <p role="status">Loading…</p>}
    </section>
  );
}
