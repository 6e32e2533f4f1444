import { useRef, useState } from 'react';
import { ApiError, failureText, newIdempotencyKey, UnreachableError, unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { formatDate, formatNumber } from '../format.ts';
import type { Locale, Strings } from '../i18n/index.ts';
import { useLoad } from '../ui/use-load.ts';
import { QrCode } from './qr-card.tsx';

type Offer = components['schemas']['WalletRewards']['offers'][number];
type Code = components['schemas']['WalletRewardCode'];

/** A refusal in the member's language when the API names it, a lost connection as such; anything else in general words. */
function redeemError(t: Strings, failure: unknown): string {
  const code = failure instanceof ApiError ? failure.code : null;
  if (code && code in t.redeemErrors) return t.redeemErrors[code as keyof Strings['redeemErrors']];
  return failure instanceof UnreachableError ? t.unreachable : t.redeemErrors.other;
}

/** One reward: Redeem asks once more (points are spent for good), then the code appears. */
function OfferItem({ offer, client, t, locale, onRedeemed }: { offer: Offer; client: ApiClient; t: Strings; locale: Locale; onRedeemed: (code: Code) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per intended redemption: a double tap or a retry after a lost answer redeems once.
  const key = useRef(newIdempotencyKey());
  const points = formatNumber(offer.pointsCost, locale);
  const redeem = async () => {
    setBusy(true);
    setError(null);
    try {
      const code = unwrap(await client.POST('/v1/wallet/rewards/{id}/redeem', { params: { path: { id: offer.id } }, headers: { 'Idempotency-Key': key.current } }));
      key.current = newIdempotencyKey();
      setConfirming(false);
      onRedeemed(code);
    } catch (failure) {
      setError(redeemError(t, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="offer">
      <div>
        <strong>{offer.name}</strong>
        {offer.description ? <p className="muted">{offer.description}</p> : null}
        <p className="offer-cost">{offer.pointsShort > 0 ? `${t.rewardCost(points)} · ${t.rewardShort(formatNumber(offer.pointsShort, locale))}` : t.rewardCost(points)}</p>
      </div>
      {confirming ? (
        <div className="confirm" role="group" aria-label={t.confirmRedeem(offer.name, points)}>
          <p>{t.confirmRedeem(offer.name, points)}</p>
          <div className="row">
            <button type="button" onClick={redeem} disabled={busy} autoFocus>
              {t.confirm}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="secondary" disabled={offer.pointsShort > 0} onClick={() => setConfirming(true)} aria-label={`${t.redeem}: ${offer.name}`}>
          {t.redeem}
        </button>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

function CodeItem({ code, t, locale }: { code: Code; t: Strings; locale: Locale }) {
  return (
    <li className="reward-code">
      <strong>{code.rewardName}</strong>
      <QrCode payload={code.code} alt={t.codeQrAlt(code.rewardName)} />
      <p className="code-text" data-testid="reward-code">
        {code.code}
      </p>
      <p className="muted">{formatDate(code.issuedAt, locale)}</p>
    </li>
  );
}

/** Rewards to redeem and the codes already won; redeeming refreshes the balance above too. */
export function RewardsSection({ client, t, locale, onChange }: { client: ApiClient; t: Strings; locale: Locale; onChange: () => void }) {
  const { data, failure, reload } = useLoad(async () => unwrap(await client.GET('/v1/wallet/rewards')), [client]);
  const [fresh, setFresh] = useState<Code | null>(null);
  const redeemed = (code: Code) => {
    setFresh(code);
    reload();
    onChange();
  };
  const earlier = (data?.codes ?? []).filter((code) => code.code !== fresh?.code);
  return (
    <section className="card" aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t.rewards}</h2>
      {failure ? <p className="error">{failureText(failure, t.unreachable)}</p> : null}
      {fresh ? (
        <div className="fresh-code">
          <p role="status">{t.redeemed(fresh.rewardName)}</p>
          <ul className="codes">
            <CodeItem code={fresh} t={t} locale={locale} />
          </ul>
        </div>
      ) : null}
      {earlier.length > 0 ? (
        <>
          <h3>{t.yourCodes}</h3>
          <ul className="codes">
            {earlier.map((code) => (
              <CodeItem key={code.code} code={code} t={t} locale={locale} />
            ))}
          </ul>
        </>
      ) : null}
      {data && data.offers.length === 0 ? <p className="muted">{t.noRewards}</p> : null}
      {data && data.offers.length > 0 ? (
        <ul className="offers">
          {data.offers.map((offer) => (
            <OfferItem key={offer.id} offer={offer} client={client} t={t} locale={locale} onRedeemed={redeemed} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
