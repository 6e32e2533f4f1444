import { useId, type ReactNode } from 'react';
import { Field } from '../../ui/field.tsx';
import { EFFECTS, EVENT_TYPES, SCOPES, type RuleForm } from './rule-form.ts';

function Select({ label, value, onChange, children, hint }: { label: string; value: string; onChange: (value: string) => void; children: ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {children}
      </select>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The common shapes of an earning rule as a form; `onChange` gets the whole next form. */
export function RuleFormFields({ form, onChange }: { form: RuleForm; onChange: (form: RuleForm) => void }) {
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => onChange({ ...form, [key]: value });
  const eventTypes: readonly string[] = EVENT_TYPES.includes(form.eventType as (typeof EVENT_TYPES)[number]) ? EVENT_TYPES : [...EVENT_TYPES, form.eventType];
  const onOrders = form.eventType === 'order';
  return (
    <div className="rule-form">
      <Field label="Rule name" required maxLength={200} value={form.name} onChange={(e) => set('name', e.target.value)} hint="Members see it in their history, e.g. “2× points on coffee”." />
      <div className="row">
        <Select label="Earns on" value={form.eventType} onChange={(v) => set('eventType', v)}>
          {eventTypes.map((t) => (
            <option key={t} value={t}>
              {t.replaceAll('_', ' ')}
            </option>
          ))}
        </Select>
        <Select label="Effect" value={form.effect} onChange={(v) => set('effect', v as RuleForm['effect'])} hint={onOrders ? undefined : 'Events other than orders earn fixed points.'}>
          {Object.entries(EFFECTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className="row">
        {form.effect === 'multiplier' ? (
          <Field label="Multiply points by" type="number" step={0.01} min={1} max={20} value={form.factor} onChange={(e) => set('factor', e.target.value)} hint="2 = double points on the matching lines." />
        ) : (
          <Field label="Points" type="number" step={1} min={1} value={form.points} onChange={(e) => set('points', e.target.value)} />
        )}
        {form.effect === 'points_per_amount' ? (
          <Field label="For every (amount spent)" inputMode="decimal" value={form.per} onChange={(e) => set('per', e.target.value)} hint="1.00 = points for every 1.00 spent on the matching lines." />
        ) : null}
      </div>
      {onOrders ? (
        <div className="row">
          <Select label="Applies to" value={form.scope} onChange={(v) => set('scope', v as RuleForm['scope'])}>
            {Object.entries(SCOPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          {form.scope !== 'all' ? (
            <Field label={form.scope === 'category' ? 'Categories' : 'SKUs'} value={form.scopeValues} onChange={(e) => set('scopeValues', e.target.value)} hint="Comma separated." />
          ) : null}
        </div>
      ) : null}
      <div className="row">
        <Field label="Priority" type="number" step={1} min={0} max={1000} value={form.priority} onChange={(e) => set('priority', e.target.value)} hint="Higher runs first." />
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={form.exclusive} onChange={(e) => set('exclusive', e.target.checked)} /> Exclusive
          </label>
          <p className="hint">When it applies, rules of lower priority do not (otherwise rules stack).</p>
        </div>
      </div>
      <div className="row">
        <Field label="Active from (your local time)" type="datetime-local" value={form.activeFrom} onChange={(e) => set('activeFrom', e.target.value)} hint="Empty = from activation." />
        <Field label="Active until (your local time)" type="datetime-local" value={form.activeTo} onChange={(e) => set('activeTo', e.target.value)} hint="Empty = no end." />
      </div>
      <fieldset>
        <legend>Caps (empty = none)</legend>
        <div className="row">
          <Field label="Points per member per day" type="number" step={1} min={1} value={form.perMemberPerDay} onChange={(e) => set('perMemberPerDay', e.target.value)} />
          <Field label="Points per member per month" type="number" step={1} min={1} value={form.perMemberPerMonth} onChange={(e) => set('perMemberPerMonth', e.target.value)} />
          <Field label="Budget: points in total" type="number" step={1} min={1} value={form.budget} onChange={(e) => set('budget', e.target.value)} />
        </div>
      </fieldset>
    </div>
  );
}
