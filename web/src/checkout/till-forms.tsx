import { useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { formatMoney, formatNumber, parseAmount } from '../format.ts';
import { ErrorMessage, Field } from '../ui/field.tsx';
import { useSubmit } from '../ui/use-submit.ts';

const CURRENCY_KEY = 'fidelis.currency';

/** Digits after the decimal point in a currency (JPY 0, EUR 2, BHD 3), as the browser knows it. */
function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function PurchaseForm({ client, memberId, onDone }: { client: ApiClient; memberId: string; onDone: () => void }) {
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(() => sessionStorage.getItem(CURRENCY_KEY) ?? 'EUR');
  const [done, setDone] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const { submit, error, busy } = useSubmit(async (key) => {
    setDone(null);
    const minor = parseAmount(amount, currencyDigits(currency));
    if (minor === null || minor === 0) {
      setInvalid('Type the amount paid, e.g. 12.50.');
      return;
    }
    setInvalid(null);
    sessionStorage.setItem(CURRENCY_KEY, currency);
    const order = unwrap(
      await client.POST('/v1/orders', {
        headers: { 'Idempotency-Key': key },
        body: {
          memberId,
          currency,
          occurredAt: new Date().toISOString(),
          channel: 'store',
          lines: [{ lineId: '1', sku: 'till', quantity: 1, unitPrice: minor }],
        },
      }),
    );
    setDone(`Recorded ${formatMoney(order.total, order.currency)}: ${formatNumber(order.points)} points earned.`);
    setAmount('');
    onDone();
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="purchase-title">
      <h2 id="purchase-title">Record purchase</h2>
      <div className="row">
        <Field label="Amount paid" inputMode="decimal" autoComplete="off" autoFocus required value={amount} onChange={(e) => setAmount(e.target.value)} error={invalid} />
        <Field label="Currency" className="short" required pattern="[A-Z]{3}" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      <button type="submit" disabled={busy}>
        Record purchase
      </button>
    </form>
  );
}

export function RedeemForm({ client, memberId, onDone }: { client: ApiClient; memberId: string; onDone: () => void }) {
  const [points, setPoints] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { submit, error, busy } = useSubmit(async (key) => {
    setDone(null);
    const change = unwrap(
      await client.POST('/v1/members/{id}/redemptions', {
        params: { path: { id: memberId } },
        headers: { 'Idempotency-Key': key },
        body: { points: Number(points), reason: 'Redeemed at checkout' },
      }),
    );
    setDone(`Redeemed ${formatNumber(Math.abs(change.points))} points; ${formatNumber(change.balance.available)} left.`);
    setPoints('');
    onDone();
  });
  return (
    <form onSubmit={submit} className="card" aria-labelledby="redeem-title">
      <h2 id="redeem-title">Redeem points</h2>
      <Field label="Points to redeem" type="number" inputMode="numeric" min={1} step={1} required value={points} onChange={(e) => setPoints(e.target.value)} />
      <ErrorMessage>{error}</ErrorMessage>
      {done ? <p role="status">{done}</p> : null}
      <button type="submit" disabled={busy}>
        Redeem
      </button>
    </form>
  );
}
