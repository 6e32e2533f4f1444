import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { failureText, newIdempotencyKey, type ApiClient } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { ScrollBox } from '../../ui/scroll-box.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { DocumentEditor } from './document-editor.tsx';
import { parseObject, stringify, type JsonObject } from './json-path.ts';
import type { KeyField } from './key-fields.tsx';
import { ProblemError, type FieldProblem } from './problem.ts';
import { SecretOnce } from './secret-once.tsx';

export interface RowAction {
  label: string;
  /** Asked before a destructive action runs. */
  confirm?: string;
  run: (client: ApiClient, idempotencyKey: string) => Promise<unknown>;
}

/** A list of API objects with create / edit through a JSON document and a form for its key fields. */
export interface ResourceSpec<T> {
  title: string;
  /** The object in words, e.g. "coupon". */
  noun: string;
  intro: ReactNode;
  load: (client: ApiClient) => Promise<T[]>;
  id: (item: T) => string;
  name: (item: T) => string;
  columns: { label: string; cell: (item: T) => ReactNode; number?: boolean }[];
  fields: readonly KeyField[];
  template: JsonObject;
  create?: (client: ApiClient, body: JsonObject, idempotencyKey: string) => Promise<unknown>;
  edit?: { body: (item: T) => JsonObject; save: (client: ApiClient, item: T, body: JsonObject, idempotencyKey: string) => Promise<unknown>; fields?: readonly KeyField[] };
  actions?: (item: T) => RowAction[];
  /** A secret in a create or action answer that the API shows only once. */
  secret?: (answer: unknown) => { label: string; value: string } | null;
}

type Editing<T> = { mode: 'new' } | { mode: 'edit'; item: T } | null;

/** One key per intended change, renewed after a success (a retried click is booked once). */
function useIdempotencyKey() {
  const key = useRef(newIdempotencyKey());
  return { current: () => key.current, renew: () => (key.current = newIdempotencyKey()) };
}

function RowActions<T>({ spec, item, busy, onEdit, onAct }: { spec: ResourceSpec<T>; item: T; busy: boolean; onEdit: () => void; onAct: (action: RowAction) => void }) {
  return (
    <div className="actions">
      {spec.edit ? (
        <button type="button" className="secondary" aria-label={`Edit ${spec.name(item)}`} onClick={onEdit}>
          Edit
        </button>
      ) : null}
      {(spec.actions?.(item) ?? []).map((a) =>
        a.confirm ? (
          <ConfirmButton key={a.label} label={a.label} question={a.confirm} disabled={busy} onConfirm={() => onAct(a)} />
        ) : (
          <button key={a.label} type="button" className="secondary" disabled={busy} onClick={() => onAct(a)}>
            {a.label}
          </button>
        ),
      )}
    </div>
  );
}

export function ResourceScreen<T>({ spec, client }: { spec: ResourceSpec<T>; client: ApiClient }) {
  const list = useLoad(() => spec.load(client), [client, spec]);
  const [editing, setEditing] = useState<Editing<T>>(null);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useIdempotencyKey();

  const open = (next: Editing<T>) => {
    setEditing(next);
    setText(stringify(next?.mode === 'edit' && spec.edit ? spec.edit.body(next.item) : spec.template));
    setProblems([]);
    setError(null);
    setNotice(null);
  };

  /** Runs a change; on success shows `done` and any once-only secret, and reloads the list. */
  const act = async (change: (idempotencyKey: string) => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setProblems([]);
    setNotice(null);
    try {
      const answer = await change(key.current());
      key.renew();
      setSecret(spec.secret?.(answer) ?? null);
      setNotice(done);
      list.reload();
      return true;
    } catch (failure) {
      setError(failureText(failure));
      if (failure instanceof ProblemError) setProblems(failure.fields);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseObject(text);
    if ('error' in parsed) return setError(parsed.error);
    const current = editing;
    if (!current) return;
    const saved = await act(
      (k) => (current.mode === 'new' ? spec.create!(client, parsed.doc, k) : spec.edit!.save(client, current.item, parsed.doc, k)),
      current.mode === 'new' ? `The ${spec.noun} was created.` : `The ${spec.noun} was saved.`,
    );
    if (saved) setEditing(null);
  };

  const items = list.data;
  const hasActions = spec.edit !== undefined || spec.actions !== undefined;
  return (
    <section aria-labelledby="resource-title" className="resource">
      <div className="section-head">
        <h2 id="resource-title">{spec.title}</h2>
        {spec.create && editing?.mode !== 'new' ? (
          <button type="button" onClick={() => open({ mode: 'new' })}>
            New {spec.noun}
          </button>
        ) : null}
      </div>
      <p className="muted">{spec.intro}</p>
      {secret ? <SecretOnce label={secret.label} value={secret.value} onDone={() => setSecret(null)} /> : null}
      {notice ? <p role="status" className="notice">{notice}</p> : null}
      {editing ? (
        <form onSubmit={save} className="card" aria-labelledby="resource-editor-title">
          <h3 id="resource-editor-title">{editing.mode === 'new' ? `New ${spec.noun}` : `Edit ${spec.name(editing.item)}`}</h3>
          <DocumentEditor text={text} onText={setText} fields={editing.mode === 'edit' ? (spec.edit?.fields ?? spec.fields) : spec.fields} problems={problems} />
          <ErrorMessage>{error}</ErrorMessage>
          <div className="row">
            <button type="submit" disabled={busy}>
              {editing.mode === 'new' ? `Create ${spec.noun}` : 'Save changes'}
            </button>
            <button type="button" className="secondary" onClick={() => open(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <ErrorMessage>{error}</ErrorMessage>
      )}
      {items === null ? (
        list.error ? <ErrorMessage>{list.error}</ErrorMessage> : <p role="status">Loading…</p>
      ) : items.length === 0 ? (
        <p>No {spec.noun}s yet.</p>
      ) : (
        <ScrollBox label={spec.title}>
          <table className="ledger">
            <caption className="visually-hidden">{spec.title}</caption>
            <thead>
              <tr>
                {spec.columns.map((c) => (
                  <th key={c.label} scope="col" className={c.number ? 'number' : undefined}>
                    {c.label}
                  </th>
                ))}
                {hasActions ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={spec.id(item)}>
                  {spec.columns.map((c) => (
                    <td key={c.label} className={c.number ? 'number' : undefined}>
                      {c.cell(item)}
                    </td>
                  ))}
                  {hasActions ? (
                    <td>
                      <RowActions spec={spec} item={item} busy={busy} onEdit={() => open({ mode: 'edit', item })} onAct={(a) => void act((k) => a.run(client, k), `${a.label}: done.`)} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
