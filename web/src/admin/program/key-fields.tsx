import { useId, useState } from 'react';
import { parseAmount } from '../../format.ts';
import { getPath, setPath, type Json, type JsonObject } from './json-path.ts';
import { fromLocalInput, toLocalInput } from './local-time.ts';
import type { FieldProblem } from './problem.ts';

/** One field of a JSON document offered as a form control; the rest stays in the JSON view. */
export interface KeyField {
  path: readonly string[];
  label: string;
  kind: 'text' | 'number' | 'money' | 'checkbox' | 'select' | 'datetime' | 'list';
  options?: readonly string[];
  hint?: string;
  /** Offered only while the value at `path` is `is` (a trigger's count only for its own kind). */
  when?: { path: readonly string[]; is: string };
}

const applies = (field: KeyField, doc: JsonObject) => !field.when || getPath(doc, field.when.path) === field.when.is;

/** The document without the values of fields that no longer apply, which the API would refuse as unknown. */
function withoutInapplicable(fields: readonly KeyField[], doc: JsonObject): JsonObject {
  return fields.reduce((next, field) => (applies(field, next) || getPath(next, field.path) === undefined ? next : setPath(next, field.path, undefined)), doc);
}

function display(field: KeyField, value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'money' && typeof value === 'number') return (value / 100).toFixed(2);
  if (field.kind === 'datetime' && typeof value === 'string') return toLocalInput(value);
  if (field.kind === 'list' && Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The typed text as the JSON value, undefined to remove the field, or null when it is not readable. */
function readInput(field: KeyField, text: string): Json | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (field.kind) {
    case 'number':
      return Number.isFinite(Number(trimmed)) ? Number(trimmed) : null;
    case 'money':
      return parseAmount(trimmed);
    case 'datetime':
      return fromLocalInput(trimmed);
    case 'list':
      return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      return text;
  }
}

function KeyFieldInput({ field, doc, onDoc, disabled, refused }: { field: KeyField; doc: JsonObject; onDoc: (doc: JsonObject) => void; disabled: boolean; refused: string | null }) {
  const id = useId();
  const value = getPath(doc, field.path);
  const [text, setText] = useState(display(field, value));
  const [unreadable, setUnreadable] = useState(false);
  const hint = field.hint ? <p className="hint" id={`${id}-hint`}>{field.hint}</p> : null;
  if (field.kind === 'checkbox') {
    return (
      <div className="field checkbox">
        <label htmlFor={id}>
          <input id={id} type="checkbox" disabled={disabled} checked={value === true} onChange={(e) => onDoc(setPath(doc, field.path, e.target.checked))} aria-describedby={hint ? `${id}-hint` : undefined} />{' '}
          {field.label}
        </label>
        {hint}
      </div>
    );
  }
  const change = (next: string) => {
    setText(next);
    const read = readInput(field, next);
    setUnreadable(read === null);
    if (read !== null) onDoc(setPath(doc, field.path, read));
  };
  // What is wrong with the value: unreadable as typed, or refused by the server on the last try.
  const problem = unreadable ? (field.kind === 'money' ? 'Write an amount such as 12.50.' : 'This value cannot be read.') : refused;
  const common = { id, disabled, 'aria-describedby': problem ? `${id}-error` : hint ? `${id}-hint` : undefined, 'aria-invalid': problem ? true : undefined };
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'select' ? (
        <select {...common} value={text} onChange={(e) => change(e.target.value)}>
          <option value="">(not set)</option>
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={field.kind === 'datetime' ? 'datetime-local' : field.kind === 'number' ? 'number' : 'text'}
          inputMode={field.kind === 'money' ? 'decimal' : undefined}
          value={text}
          onChange={(e) => change(e.target.value)}
        />
      )}
      {problem ? (
        <p className="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : (
        hint
      )}
    </div>
  );
}

/**
 * The key fields of a document as a form. Each control writes its own path only (and takes out the
 * values of fields its change made inapplicable); remount it (change its `key`) when the document was
 * edited elsewhere so the controls show the new values. A problem the server gave for a field's path
 * shows at that field.
 */
export function KeyFields({
  fields,
  doc,
  onDoc,
  problems = [],
  disabled = false,
}: {
  fields: readonly KeyField[];
  doc: JsonObject;
  onDoc: (doc: JsonObject) => void;
  problems?: readonly FieldProblem[];
  disabled?: boolean;
}) {
  return (
    <div className="key-fields">
      {fields.filter((field) => applies(field, doc)).map((field) => {
        const path = field.path.join('.');
        const refused = problems.filter((p) => p.path === path).map((p) => p.message);
        return <KeyFieldInput key={path} field={field} doc={doc} onDoc={(next) => onDoc(withoutInapplicable(fields, next))} disabled={disabled} refused={refused.length > 0 ? refused.join('; ') : null} />;
      })}
    </div>
  );
}
