import { useEffect, useMemo, useState } from 'react';
import { createApiClient, failureText, unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { walletTokenStore } from '../api/session.ts';
import { formatDate, formatNumber } from '../format.ts';
import { directionOf, LOCALES, pickLocale, type Locale, type Strings } from '../i18n/index.ts';
import { ErrorMessage } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { DrawsSection, DropsSection, SurveysSection } from './program-lists.tsx';
import { QrCode } from './qr-card.tsx';
import { ReferralSection } from './referral.tsx';
import { RewardsSection } from './rewards.tsx';
import './wallet.css';
import { takeTokenFromLink } from './wallet-session.ts';

type Wallet = components['schemas']['WalletMe'];
const LOCALE_KEY = 'fidelis.locale';

function tierSentence(t: Strings, tier: NonNullable<Wallet['tier']>, locale: Locale): string {
  if (!tier.next) return t.tierTop(tier.name);
  const { remaining, name, by } = tier.next;
  const sentence =
    tier.basis === 'spend'
      ? t.tierNext(new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(remaining / 100), name)
      : tier.basis === 'points'
        ? t.tierNextPoints(formatNumber(remaining, locale), name)
        : t.tierNextVisits(formatNumber(remaining, locale), name);
  return by ? `${sentence} ${t.tierBy(formatDate(by, locale))}` : sentence;
}

function WalletCard({ wallet, client, t, locale, reload }: { wallet: Wallet; client: ApiClient; t: Strings; locale: Locale; reload: () => void }) {
  const n = (value: number) => formatNumber(value, locale);
  return (
    <>
      <section className="card member-card" aria-label={t.cardLabel}>
        <p className="card-name">{wallet.member.name ?? t.memberFallback}</p>
        <QrCode payload={wallet.qr} alt={t.qrAlt} />
        <p className="muted card-id">{wallet.member.id}</p>
      </section>
      <section className="card" aria-labelledby="balance-title">
        <h2 id="balance-title">{t.balance}</h2>
        <p className="big" data-testid="wallet-balance">
          {t.available(n(wallet.balance.available))}
        </p>
        {wallet.balance.pending > 0 ? <p>{t.pending(n(wallet.balance.pending))}</p> : null}
        <p>{wallet.expiring ? t.expiring(n(wallet.expiring.points), formatDate(wallet.expiring.on, locale)) : t.noExpiry}</p>
      </section>
      {wallet.tier ? (
        <section className="card" aria-labelledby="tier-title">
          <h2 id="tier-title">
            {t.tier}: {wallet.tier.name}
          </h2>
          {wallet.tier.next ? <progress aria-label={t.tierProgress} max={wallet.tier.next.threshold} value={Math.min(wallet.tier.measure, wallet.tier.next.threshold)} /> : null}
          <p data-testid="tier-progress">{tierSentence(t, wallet.tier, locale)}</p>
        </section>
      ) : null}
      <RewardsSection client={client} t={t} locale={locale} onChange={reload} />
      <ReferralSection client={client} t={t} locale={locale} />
      <DropsSection client={client} t={t} locale={locale} />
      <SurveysSection client={client} t={t} locale={locale} />
      <DrawsSection client={client} t={t} locale={locale} />
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t.history}</h2>
        {wallet.history.length === 0 ? (
          <p className="muted">{t.noHistory}</p>
        ) : (
          <ul className="history">
            {wallet.history.map((entry) => (
              <li key={entry.id}>
                <span>{t.kinds[entry.kind](n(Math.abs(entry.points)))}</span>
                <time className="muted" dateTime={entry.occurredAt}>
                  {formatDate(entry.occurredAt, locale)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export default function WalletApp() {
  const [token, setToken] = useState(takeTokenFromLink);
  const client = useMemo(() => createApiClient(() => token), [token]);
  const { data: wallet, failure, reload } = useLoad(async () => (token ? unwrap(await client.GET('/v1/wallet/me')) : null), [client, token]);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(LOCALE_KEY));
  const locale = pickLocale([chosen, wallet?.member.locale, ...navigator.languages]);
  const t = LOCALES[locale];
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
    document.title = t.title;
  }, [locale, t]);
  const choose = (next: string) => {
    localStorage.setItem(LOCALE_KEY, next);
    setChosen(next);
  };
  const signOut = () => {
    walletTokenStore.clear();
    setToken(null);
  };
  return (
    <main className="page wallet">
      <header className="wallet-head">
        <h1>{t.title}</h1>
        <label className="locale">
          <span>{t.language}</span>
          <select value={locale} onChange={(e) => choose(e.target.value)}>
            {Object.entries(LOCALES).map(([code, strings]) => (
              <option key={code} value={code} lang={code}>
                {strings.languageName}
              </option>
            ))}
          </select>
        </label>
      </header>
      {!token ? <p>{t.signedOut}</p> : null}
      <ErrorMessage>{failure ? failureText(failure, t.unreachable) : null}</ErrorMessage>
      {token && !wallet && !failure ? <p role="status">{t.loading}</p> : null}
      {wallet ? <WalletCard wallet={wallet} client={client} t={t} locale={locale} reload={reload} /> : null}
      {token ? (
        <button type="button" className="link" onClick={signOut}>
          {t.signOut}
        </button>
      ) : null}
    </main>
  );
}
