import { useRef, useState } from 'react';
import { failureText, newIdempotencyKey, type ApiClient } from '../../api/client.ts';
import { formatDate } from '../../format.ts';
import { Link, navigate } from '../../router.tsx';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { bodyAs, type Schemas } from './api-types.ts';
import { FieldProblems, useStandingProblems } from './document-editor.tsx';
import { parseObject, stringify, type JsonObject } from './json-path.ts';
import { ProblemError, send, type FieldProblem } from './problem.ts';
import { BacktestPanel, DryRunPanel, type DraftSet } from './rule-checks.tsx';
import { fromDefinition, NEW_RULE, toDefinition, type RuleForm } from './rule-form.ts';
import { RuleFormFields } from './rule-form-fields.tsx';

type Rule = Schemas['Rule'];

/**
 * Creates or revises an earning rule: a form for the common shapes and a JSON view of the whole tree
 * (switching converts one into the other), then a dry run of this exact draft before it can be
 * activated, and a backtest over stored orders. Activating a revision makes a new version.
 */
export function RuleEditor({ client, id }: { client: ApiClient; id: string | null }) {
  const versions = useLoad(() => (id ? send(client.GET('/v1/program/rules/{id}', { params: { path: { id } } })).then((r) => r.data) : Promise.resolve([] as Rule[])), [client, id]);
  const active = useLoad(() => send(client.GET('/v1/program/rules', { params: { query: { status: 'active' } } })).then((r) => r.data), [client]);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [form, setForm] = useState<RuleForm>(NEW_RULE);
  const [text, setText] = useState('');
  const [viewNote, setViewNote] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const current = versions.data?.[0] ?? null;
  // A newly loaded version replaces the draft (set during render: React re-renders at once).
  const loadedKey = current ? `${current.id}:${current.version}` : null;
  if (loadedKey !== shown && current) {
    setShown(loadedKey);
    const shape = fromDefinition(current.definition);
    if ('reason' in shape) {
      setView('json');
      setText(stringify(current.definition as JsonObject));
      setViewNote(`The form cannot show this rule: ${shape.reason}. Edit it as JSON.`);
    } else {
      setForm(shape);
      setView('form');
      setViewNote(null);
    }
  }

  const parsedText = view === 'json' ? parseObject(text) : null;
  const draftNow: JsonObject | null = view === 'form' ? toDefinition(form) : parsedText && 'doc' in parsedText ? parsedText.doc : null;
  const draftText = draftNow ? JSON.stringify(draftNow) : null;
  const standing = useStandingProblems(problems, draftNow);

  const set: DraftSet = {
    draft: () => {
      if (!draftNow && parsedText && 'error' in parsedText) setError(parsedText.error);
      return draftNow;
    },
    others: (active.data ?? []).filter((r) => r.id !== id).map((r) => r.definition as JsonObject),
    onProblems: setProblems,
  };

  const showJson = () => {
    setText(stringify(toDefinition(form)));
    setView('json');
    setViewNote(null);
  };
  const showForm = () => {
    const parsed = parseObject(text);
    if ('error' in parsed) return setViewNote(`${parsed.error} Fix it to go back to the form.`);
    const shape = fromDefinition(parsed.doc);
    if ('reason' in shape) return setViewNote(`The form cannot show this rule: ${shape.reason}. Keep editing it as JSON.`);
    setForm(shape);
    setView('form');
    setViewNote(null);
  };

  const revising = current?.status === 'active';
  const activate = async () => {
    if (!draftNow) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    setNotice(null);
    try {
      const headers = { 'Idempotency-Key': key.current };
      const body = bodyAs<Schemas['RuleDefinitionInput']>(draftNow);
      const rule =
        revising && id ? await send(client.PUT('/v1/program/rules/{id}', { params: { path: { id } }, headers, body })) : await send(client.POST('/v1/program/rules', { headers, body }));
      key.current = newIdempotencyKey();
      setChecked(null);
      setNotice(`“${rule.definition.name}” is active as version ${rule.version}.`);
      if (rule.id !== id) navigate(`/admin/program/rules/${rule.id}`, { replace: true });
      versions.reload();
      active.reload();
    } catch (failure) {
      setError(failureText(failure));
      if (failure instanceof ProblemError) setProblems(failure.fields);
    } finally {
      setBusy(false);
    }
  };

  if (id && !versions.data) return versions.error ? <ErrorMessage>{versions.error}</ErrorMessage> : <p role="status">Loading rule…</p>;
  const ready = draftText !== null && draftText === checked;
  return (
    <section aria-labelledby="rule-title" className="rule-editor">
      <p>
        <Link to="/admin/program/rules">← Earning rules</Link>
      </p>
      <h2 id="rule-title">{current ? `Rule: ${current.definition.name}` : 'New earning rule'}</h2>
      {current ? (
        <p className="muted">
          <code>{current.id}</code> · version {current.version} · {current.status}
          {current.status === 'retired' ? ' — activating makes a new rule with this definition.' : ' — activating makes a new version; the old one is kept.'}
        </p>
      ) : null}
      {notice ? <p role="status" className="notice">{notice}</p> : null}
      <div className="card">
        <div className="section-head">
          <h3>Definition</h3>
          <div className="segmented" role="group" aria-label="Edit as">
            <button type="button" aria-pressed={view === 'form'} onClick={view === 'form' ? undefined : showForm}>
              Form
            </button>
            <button type="button" aria-pressed={view === 'json'} onClick={view === 'json' ? undefined : showJson}>
              JSON
            </button>
          </div>
        </div>
        {viewNote ? (
          <p className="error" role="alert">
            {viewNote}
          </p>
        ) : null}
        {view === 'form' ? (
          <RuleFormFields form={form} onChange={setForm} />
        ) : (
          <div className="field">
            <label htmlFor="rule-json">Rule as JSON (the full expression tree)</label>
            <textarea
              id="rule-json"
              className="json"
              spellCheck={false}
              rows={Math.min(30, Math.max(12, text.split('\n').length + 1))}
              value={text}
              aria-invalid={(parsedText !== null && 'error' in parsedText) || standing.length > 0 || undefined}
              aria-describedby="rule-json-hint"
              onChange={(e) => setText(e.target.value)}
            />
            <p className="hint" id="rule-json-hint">
              {parsedText && 'error' in parsedText ? parsedText.error : 'Conditions: all / any / not over event, member, order, line and time fields; effects: points_per_amount, fixed_points, multiplier, grant_reward, draw_entries.'}
            </p>
          </div>
        )}
        <FieldProblems problems={standing} />
      </div>
      <DryRunPanel client={client} set={set} eventType={view === 'form' ? form.eventType : String((draftNow?.eventTypes as string[] | undefined)?.[0] ?? 'order')} onChecked={(d) => setChecked(JSON.stringify(d))} />
      <BacktestPanel client={client} set={set} />
      <section className="card" aria-labelledby="activate-title">
        <h3 id="activate-title">3. Activate</h3>
        <p className="hint" id="activate-hint">
          {ready ? 'This draft passed its dry run.' : 'Dry-run this exact draft first (any change asks for a new dry run).'}
        </p>
        <ErrorMessage>{error}</ErrorMessage>
        <button type="button" disabled={!ready || busy} aria-describedby="activate-hint" onClick={() => void activate()}>
          {revising ? `Activate as version ${current.version + 1}` : 'Save and activate'}
        </button>
      </section>
      {versions.data && versions.data.length > 0 ? (
        <div className="card">
          <h3>Versions</h3>
          <ol className="history" reversed>
            {versions.data.map((v) => (
              <li key={v.version}>
                <span>
                  Version {v.version}: {v.definition.name}
                </span>
                <span className="muted">
                  {v.status}, {formatDate(v.createdAt)}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
