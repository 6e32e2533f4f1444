import { useState } from 'react';
import { failureText, type ApiClient } from '../../api/client.ts';
import { formatDate } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorMessage } from '../../ui/field.tsx';
import { ScrollBox } from '../../ui/scroll-box.tsx';
import { useLoad } from '../../ui/use-load.ts';
import type { Schemas } from './api-types.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { send } from './problem.ts';

type Rule = Schemas['Rule'];

function windowOf(rule: Rule): string {
  const { activeFrom, activeTo } = rule.definition;
  if (!activeFrom && !activeTo) return 'always';
  return `${activeFrom ? formatDate(activeFrom) : 'now'} – ${activeTo ? formatDate(activeTo) : 'no end'}`;
}

/** Active rules outside their window earn nothing: say so beside the status. */
function statusOf(rule: Rule, now = Date.now()): string {
  if (rule.status !== 'active') return 'retired';
  const { activeFrom, activeTo } = rule.definition;
  if (activeFrom && Date.parse(activeFrom) > now) return 'active, not started yet';
  if (activeTo && Date.parse(activeTo) <= now) return 'active, window ended';
  return 'active';
}

/** Every rule at its latest version, active first, with retire. */
export function RulesList({ client }: { client: ApiClient }) {
  const rules = useLoad(() => send(client.GET('/v1/program/rules')).then((r) => r.data), [client]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const retire = async (rule: Rule) => {
    setError(null);
    try {
      await send(client.POST('/v1/program/rules/{id}/retire', { params: { path: { id: rule.id } } }));
      setNotice(`“${rule.definition.name}” is retired; orders no longer earn by it.`);
      rules.reload();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return (
    <section aria-labelledby="rules-title">
      <div className="section-head">
        <h2 id="rules-title">Earning rules</h2>
        <Link to="/admin/program/rules/new" className="button">
          New rule
        </Link>
      </div>
      <p className="muted">Rules are data: conditions over the order, its lines, the member and the time, with effects. A change is a new version; past points keep naming the version that earned them.</p>
      {notice ? <p role="status" className="notice">{notice}</p> : null}
      <ErrorMessage>{error ?? rules.error}</ErrorMessage>
      {!rules.data ? (
        <p role="status">Loading…</p>
      ) : rules.data.length === 0 ? (
        <p>No rules yet: orders earn at the base rate.</p>
      ) : (
        <ScrollBox label="Earning rules">
          <table className="ledger">
            <caption className="visually-hidden">Earning rules</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="number">Version</th>
                <th scope="col">Active window</th>
                <th scope="col" className="number">Priority</th>
                <th scope="col">Stacking</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <Link to={`/admin/program/rules/${rule.id}`}>{rule.definition.name}</Link>
                    <div className="muted">{rule.definition.eventTypes.join(', ')}</div>
                  </td>
                  <td className="number">{rule.version}</td>
                  <td>{windowOf(rule)}</td>
                  <td className="number">{rule.definition.priority}</td>
                  <td>{rule.definition.exclusive ? 'exclusive' : 'stacks'}</td>
                  <td>{statusOf(rule)}</td>
                  <td>
                    {rule.status === 'active' ? (
                      <ConfirmButton label="Retire" question={`Retire “${rule.definition.name}”? Orders stop earning by it at once.`} onConfirm={() => void retire(rule)} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
