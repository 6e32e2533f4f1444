import { useState } from 'react';
import { failureText, unwrap, type ApiClient } from '../api/client.ts';
import { formatNumber } from '../format.ts';
import type { Locale, Strings } from '../i18n/index.ts';
import { useLoad } from '../ui/use-load.ts';

type Shared = 'copied' | 'by-hand' | null;

/**
 * The phone's own share sheet where there is one (Web Share API), else the clipboard; if the browser
 * refuses both, the link stays selectable in its field.
 */
async function shareLink(link: string, text: string): Promise<Shared> {
  if (navigator.share) {
    try {
      await navigator.share({ text, url: link });
      return null;
    } catch (error) {
      // The member closed the sheet: nothing to say.
      if (error instanceof DOMException && error.name === 'AbortError') return null;
    }
  }
  try {
    await navigator.clipboard.writeText(link);
    return 'copied';
  } catch {
    return 'by-hand';
  }
}

export function ReferralSection({ client, t, locale }: { client: ApiClient; t: Strings; locale: Locale }) {
  const { data, failure } = useLoad(async () => unwrap(await client.GET('/v1/wallet/referral')), [client]);
  const [shared, setShared] = useState<Shared>(null);
  return (
    <section className="card" aria-labelledby="referral-title">
      <h2 id="referral-title">{t.referral}</h2>
      {failure ? <p className="error">{failureText(failure, t.unreachable)}</p> : null}
      {data ? (
        <>
          <p>{data.rewards ? t.referralRewards(formatNumber(data.rewards.referrerPoints, locale), formatNumber(data.rewards.refereePoints, locale)) : t.referralPlain}</p>
          <div className="field">
            <label htmlFor="referral-link">{t.referralLink}</label>
            <input id="referral-link" readOnly dir="ltr" value={data.link} onFocus={(e) => e.currentTarget.select()} data-testid="referral-link" />
          </div>
          <button type="button" onClick={async () => setShared(await shareLink(data.link, t.shareText))}>
            {t.share}
          </button>
          <p role="status" className="muted">
            {shared === 'copied' ? t.copied : shared === 'by-hand' ? t.copyByHand : ''}
          </p>
        </>
      ) : null}
    </section>
  );
}
