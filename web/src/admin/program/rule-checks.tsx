import { useState, type FormEvent } from 'react';
import { failureText, type ApiClient } from '../../api/client.ts';
import { formatNumber, parseAmount } from '../../format.ts';
import { ErrorMessage, Field } from '../../ui/field.tsx';
import { bodyAs, type Schemas } from './api-types.ts';
import type { JsonObject } from './json-path.ts';
import { fromLocalInput, toLocalInput } from './local-time.ts';
import { ProblemError, send, type FieldProblem } from './problem.ts';

export interface DraftSet {
  /** The rule being edited, or null when it cannot be read (the editor says why). */
  draft: () => JsonObject | null;
  /** The other active rules, evaluated beside the draft so priority and stacking show. */
  others: readonly JsonObject[];
  onProblems: (problems: FieldProblem[]) => void;
}

const cost = (minor: number) => (minor / 100).toFixed(2);

/** The draft first (so the API's paths for it read `rules.0.…`), then the rules it runs beside. */
function ruleSet(set: DraftSet, draft: JsonObject): JsonObject[] {
  return [draft, ...set.others];
}

/** Evaluates the draft against one sample order or event; a success is what allows activation. */
export function DryRunPanel({ client, set, eventType, onChecked }: { client: ApiClient; set: DraftSet; eventType: string; onChecked: (draft: JsonObject) => void }) {
  const [sample, setSample] = useState({ sku: 'LATTE-L', category: 'coffee', quantity: '2', unitPrice: '4.50', currency: 'EUR', tier: '', at: toLocalInput(new Date().toISOString()) });
  const [result, setResult] = useState<Schemas['RuleEvaluation'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (key: keyof typeof sample) => (e: { target: { value: string } }) => setSample({ ...sample, [key]: e.target.value });
  const run = async (event: FormEvent) => {
    event.preventDefault();
    const draft = set.draft();
    if (!draft) return;
    setBusy(true);
    setError(null);
    set.onProblems([]);
    const occurredAt = fromLocalInput(sample.at) ?? new Date().toISOString();
    // An unreadable price is sent as -1, so the API names the field rather than the page guessing.
    const order = { currency: sample.currency, lines: [{ lineId: '1', sku: sample.sku, category: sample.category || undefined, quantity: Number(sample.quantity), unitPrice: parseAmount(sample.unitPrice) ?? -1 }] };
    try {
      const evaluation = await send(
        client.POST('/v1/program/rules/dry-run', {
          body: bodyAs({ rules: ruleSet(set, draft), member: { tier: sample.tier || null }, event: { type: eventType, occurredAt, ...(eventType === 'order' ? { order } : {}) } }),
        }),
      );
      setResult(evaluation);
      onChecked(draft);
    } catch (failure) {
      setResult(null);
      setError(failureText(failure));
      if (failure instanceof ProblemError) set.onProblems(failure.fields);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={run} className="card" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title">1. Dry run</h3>
      <p className="muted">Evaluates this draft (with the other active rules) against a sample {eventType === 'order' ? 'order' : `${eventType.replaceAll('_', ' ')} event`}; nothing is written.</p>
      {eventType === 'order' ? (
        <div className="row">
          <Field label="Sample SKU" value={sample.sku} onChange={change('sku')} />
          <Field label="Sample category" value={sample.category} onChange={change('category')} />
          <Field label="Quantity" type="number" min={1} step={1} value={sample.quantity} onChange={change('quantity')} className="short" />
          <Field label="Unit price" inputMode="decimal" value={sample.unitPrice} onChange={change('unitPrice')} className="short" />
          <Field label="Currency" value={sample.currency} onChange={change('currency')} maxLength={3} className="short" />
        </div>
      ) : null}
      <div className="row">
        <Field label="Member tier (optional)" value={sample.tier} onChange={change('tier')} hint="A tier id, e.g. gold." />
        <Field label="At (your local time)" type="datetime-local" value={sample.at} onChange={change('at')} />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Evaluating…' : 'Dry run'}
      </button>
      <ErrorMessage>{error}</ErrorMessage>
      {result ? (
        <div className="check-result" role="status" aria-label="Dry-run result">
          <p className="big">{formatNumber(result.points)} points</p>
          {result.explanation.length === 0 ? (
            <p>No rule applies to this sample.</p>
          ) : (
            <ul className="explanation">
              {result.explanation.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
          {result.effects.some((e) => e.capped) ? <p className="muted">Capped effects gave less than they would have.</p> : null}
        </div>
      ) : null}
    </form>
  );
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Replays a period of stored orders and events under the draft set, beside what was actually issued. */
export function BacktestPanel({ client, set }: { client: ApiClient; set: DraftSet }) {
  const [range, setRange] = useState({ from: daysAgo(30), to: daysAgo(0) });
  const [result, setResult] = useState<Schemas['BacktestResult'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    const draft = set.draft();
    if (!draft) return;
    setBusy(true);
    setError(null);
    set.onProblems([]);
    // The "to" day is included: the range ends at the next midnight (UTC).
    const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString();
    try {
      setResult(await send(client.POST('/v1/program/rules/backtest', { body: bodyAs({ rules: ruleSet(set, draft), from: `${range.from}T00:00:00Z`, to }) })));
    } catch (failure) {
      setResult(null);
      setError(failureText(failure));
      if (failure instanceof ProblemError) set.onProblems(failure.fields);
    } finally {
      setBusy(false);
    }
  };
  const delta = result ? result.wouldIssue.points - result.actuallyIssued.points : 0;
  return (
    <form onSubmit={run} className="card" aria-labelledby="backtest-title">
      <h3 id="backtest-title">2. Backtest</h3>
      <p className="muted">Replays the stored orders and events of a period under this draft and the other active rules (members at their current tier).</p>
      <div className="row">
        <Field label="From (UTC day)" type="date" required value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        <Field label="To (UTC day, included)" type="date" required value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Replaying…' : 'Run backtest'}
      </button>
      <ErrorMessage>{error}</ErrorMessage>
      {result ? (
        <div className="check-result" role="status" aria-label="Backtest result">
          <p>
            {formatNumber(result.orders)} orders and {formatNumber(result.events)} other events replayed{result.truncated ? ' (stopped at the limit: the figures cover the start of the period)' : ''}.
          </p>
          <dl className="facts">
            <dt>Would issue</dt>
            <dd data-testid="would-issue">
              {formatNumber(result.wouldIssue.points)} points, cost {cost(result.wouldIssue.costMinor)}
            </dd>
            <dt>Actually issued</dt>
            <dd>
              {formatNumber(result.actuallyIssued.points)} points, cost {cost(result.actuallyIssued.costMinor)}
            </dd>
            <dt>Difference</dt>
            <dd>
              {delta >= 0 ? '+' : ''}
              {formatNumber(delta)} points
            </dd>
          </dl>
          <div className="grid">
            <table className="ledger">
              <caption>Per rule</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col" className="number">Points</th>
                  <th scope="col" className="number">Times</th>
                  <th scope="col" className="number">Cost</th>
                </tr>
              </thead>
              <tbody>
                {result.perRule.map((r, i) => (
                  <tr key={i}>
                    <td>{r.rule}</td>
                    <td className="number">{formatNumber(r.points)}</td>
                    <td className="number">{formatNumber(r.events)}</td>
                    <td className="number">{cost(r.costMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="ledger">
              <caption>Per tier</caption>
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col" className="number">Points</th>
                  <th scope="col" className="number">Cost</th>
                </tr>
              </thead>
              <tbody>
                {result.perTier.map((t) => (
                  <tr key={t.tier ?? 'none'}>
                    <td>{t.tier ?? 'no tier'}</td>
                    <td className="number">{formatNumber(t.points)}</td>
                    <td className="number">{cost(t.costMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">Cost at {result.pointValueMinor} minor units per point.</p>
        </div>
      ) : null}
    </form>
  );
}
