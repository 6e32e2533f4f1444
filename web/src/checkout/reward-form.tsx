import { useId, useState } from 'react';
import { ApiError, failureText, unwrap, type ApiClient } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { useSubmit } from '../ui/use-submit.ts';
import type { Lookup } from './recognition.tsx';

/** Refusals a cashier meets every day, in words to say to the member; the rest as the API words them. */
function tillError(failure: unknown, lookup: Lookup, cost: number | null): string {
  const code = failure instanceof ApiError ? failure.code : null;
  const name = lookup.member.name ?? 'The member';
  if (code === 'points_insufficient' && cost !== null) return `Not enough points: ${name} has ${formatNumber(lookup.balance.available)}, this reward needs ${formatNumber(cost)}.`;
  if (code === 'reward_code_not_issued') return `This code cannot be used: ${failure instanceof Error ? failure.message : ''}`;
  return failureText(failure);
}

/**
 * Redeem a reward for the member: the points are spent and the code issued, then used at once since
 * the member takes the reward now. A retry after a failed "use" replays the same redemption (same
 * Idempotency-Key) and uses its code, so nothing is paid twice.
 */
export function RewardForm({ client, lookup, onDone }: { client: ApiClient; lookup: Lookup; onDone: () => void }) {
  const memberId = lookup.member.id;
  const { data: catalog, error: catalogError } = useLoad(async () => unwrap(await client.GET('/v1/rewards', { params: { query: { active: 'true' } } })).data, [client]);
  const [rewardId, setRewardId] = useState(lookup.suggestedReward?.id ?? '');
  const [done, setDone] = useState<string | null>(null);
  const selectId = useId();
  const chosen = catalog?.find((r) => r.id === (rewardId || catalog[0]?.id)) ?? null;
  const { submit, error, busy } = useSubmit(async (key) => {
    setDone(null);
    if (!chosen) return;
    try {
      const code = unwrap(await client.POST('/v1/members/{id}/rewards', { params: { path: { id: memberId } }, headers: { 'Idempotency-Key': key }, body: { rewardId: chosen.id } }));
      const used = unwrap(await client.POST('/v1/reward-codes/{code}/use', { params: { path: { code: code.code } } }));
      setDone(`${used.rewardName} redeemed for ${formatNumber(used.pointsCost)} points (code ${used.code}). Hand it over.`);
      onDone();
    } catch (failure) {
      throw new Error(tillError(failure, lookup, chosen.pointsCost));
    }
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="reward-title">
      <h2 id="reward-title">Redeem a reward</h2>
      <div className="field">
        <label htmlFor={selectId}>Reward</label>
        <select id={selectId} value={chosen?.id ?? ''} onChange={(e) => setRewardId(e.target.value)} required>
          {(catalog ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} — {formatNumber(r.pointsCost)} points{r.id === lookup.suggestedReward?.id ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage>{error ?? catalogError}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      <button type="submit" disabled={busy || !chosen}>
        Redeem reward
      </button>
    </form>
  );
}

/** A code the member redeemed in their wallet: scan or type it, and it is used once. */
export function RewardCodeForm({ client, lookup, onDone }: { client: ApiClient; lookup: Lookup; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { submit, error, busy } = useSubmit(async () => {
    setDone(null);
    // Codes compare in upper case without spaces or dashes, as the server compares them.
    const wanted = code.replace(/[\s-]/g, '').toUpperCase();
    try {
      // Only the member's own code: a code found on someone else's phone is not handed over.
      const own = unwrap(await client.GET('/v1/members/{id}/rewards', { params: { path: { id: lookup.member.id } } })).data.find((c) => c.code === wanted);
      if (!own) throw new Error(`This code is not one of ${lookup.member.name ?? 'this member'}’s rewards. Check the letters and digits.`);
      const used = unwrap(await client.POST('/v1/reward-codes/{code}/use', { params: { path: { code: own.code } } }));
      setDone(`${used.rewardName} used. Hand it over.`);
      setCode('');
      onDone();
    } catch (failure) {
      throw new Error(tillError(failure, lookup, null));
    }
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="code-title">
      <h2 id="code-title">Use a reward code</h2>
      <Field label="Code from the member’s wallet" autoComplete="off" required minLength={4} maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} />
      <ErrorMessage>{error}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      <button type="submit" disabled={busy}>
        Use code
      </button>
    </form>
  );
}
