import { useId, useState } from 'react';
import { KeyFields, type KeyField } from './key-fields.tsx';
import { getPath, parseObject, stringify, type JsonObject } from './json-path.ts';
import type { FieldProblem } from './problem.ts';

const valueText = (doc: JsonObject, path: string) => JSON.stringify(getPath(doc, path.split('.')) ?? null);

/**
 * The problems of the last refusal that still stand: one whose path holds a different value than the
 * refused document had (the user corrected it, in the form or the JSON) no longer shows. Problems
 * without a path in the document, and all of them while the JSON cannot be read, stay until the next try.
 */
export function useStandingProblems(problems: readonly FieldProblem[], doc: JsonObject | null): readonly FieldProblem[] {
  const [refused, setRefused] = useState({ problems, doc });
  let at = refused;
  // New problems (set during render: React re-renders at once): the document now is the one refused.
  if (refused.problems !== problems) {
    at = { problems, doc };
    setRefused(at);
  }
  const before = at.doc;
  if (!before || !doc) return problems;
  return problems.filter((p) => valueText(doc, p.path) === valueText(before, p.path));
}

/** The field problems of the last refusal, each with its path in the document. */
export function FieldProblems({ problems, id }: { problems: readonly FieldProblem[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="field-problems" id={id} role="alert" aria-label="Problems to fix">
      {problems.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          <code>{p.path}</code>: {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * A JSON document edited two ways at once: a form for its key fields above, the full JSON below.
 * The text is the one source of truth; the form reads it and writes single paths back into it.
 */
export function DocumentEditor({ text, onText, fields, problems: allProblems }: { text: string; onText: (text: string) => void; fields: readonly KeyField[]; problems: readonly FieldProblem[] }) {
  const id = useId();
  // Bumped when the JSON is typed in, so the form's controls re-read their values.
  const [revision, setRevision] = useState(0);
  const parsed = parseObject(text);
  const doc = 'doc' in parsed ? parsed.doc : null;
  const standing = useStandingProblems(allProblems, doc);
  const setDoc = (next: JsonObject) => onText(stringify(next));
  return (
    <div className="document-editor">
      {fields.length > 0 ? (
        <fieldset>
          <legend>Key fields</legend>
          {doc ? <KeyFields key={revision} fields={fields} doc={doc} onDoc={setDoc} problems={standing} /> : <p className="muted">Fix the JSON below to use the form again.</p>}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-json`}>Full JSON</label>
        <textarea
          id={`${id}-json`}
          className="json"
          spellCheck={false}
          rows={Math.min(24, Math.max(8, text.split('\n').length + 1))}
          value={text}
          aria-invalid={'error' in parsed || standing.length > 0 || undefined}
          aria-describedby={'error' in parsed ? `${id}-syntax` : standing.length > 0 ? `${id}-problems` : undefined}
          onChange={(e) => {
            onText(e.target.value);
            setRevision((r) => r + 1);
          }}
        />
        {'error' in parsed ? (
          <p className="error" id={`${id}-syntax`}>
            {parsed.error}
          </p>
        ) : null}
      </div>
      <FieldProblems problems={standing} id={`${id}-problems`} />
    </div>
  );
}
