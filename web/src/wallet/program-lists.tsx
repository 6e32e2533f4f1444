// Drops with early access, surveys waiting for an answer and draw entries: short lists, each saying
// in plain words what the member can do and by when.
import { failureText, unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { formatDate, formatDateTime, formatNumber } from '../format.ts';
import type { Locale, Strings } from '../i18n/index.ts';
import { useLoad } from '../ui/use-load.ts';

type Drop = components['schemas']['WalletDrops']['data'][number];
type Draw = components['schemas']['WalletDraws']['data'][number];

function dropSentence(t: Strings, drop: Drop, locale: Locale): string {
  const until = drop.endsAt ? ` ${t.dropUntil(formatDateTime(drop.endsAt, locale))}` : '';
  if (drop.allowed) return t.dropOpen + until;
  return (drop.early ? t.dropEarly(formatDateTime(drop.from, locale)) : t.dropOpens(formatDateTime(drop.from, locale))) + until;
}

export function DropsSection({ client, t, locale }: { client: ApiClient; t: Strings; locale: Locale }) {
  const { data, failure } = useLoad(async () => unwrap(await client.GET('/v1/wallet/drops')), [client]);
  return (
    <section className="card" aria-labelledby="drops-title">
      <h2 id="drops-title">{t.drops}</h2>
      {failure ? <p className="error">{failureText(failure, t.unreachable)}</p> : null}
      {data && data.data.length === 0 ? <p className="muted">{t.noDrops}</p> : null}
      {data && data.data.length > 0 ? (
        <ul className="plain-list">
          {data.data.map((drop) => (
            <li key={drop.id} className={drop.early ? 'early' : undefined}>
              <strong>{drop.name}</strong>
              <p>{dropSentence(t, drop, locale)}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function SurveysSection({ client, t, locale }: { client: ApiClient; t: Strings; locale: Locale }) {
  const { data, failure } = useLoad(async () => unwrap(await client.GET('/v1/wallet/surveys')), [client]);
  return (
    <section className="card" aria-labelledby="surveys-title">
      <h2 id="surveys-title">{t.surveys}</h2>
      {failure ? <p className="error">{failureText(failure, t.unreachable)}</p> : null}
      {data && data.data.length === 0 ? <p className="muted">{t.noSurveys}</p> : null}
      {data && data.data.length > 0 ? (
        <ul className="plain-list">
          {data.data.map((survey) => (
            <li key={survey.invitationId}>
              <strong>{survey.surveyName}</strong>
              <p className="muted">{t.surveyDue(formatDate(survey.expiresAt, locale))}</p>
              {/* The survey page is the one the email link opens: same answers, same one-answer rule. */}
              <a className="button-link" href={survey.url} aria-label={`${t.answerSurvey}: ${survey.surveyName}`}>
                {t.answerSurvey}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function drawSentence(t: Strings, draw: Draw, locale: Locale): string {
  if (draw.status === 'drawn') return draw.prize ? t.drawWon(draw.prize) : t.drawClosed;
  if (draw.status === 'closed') return t.drawClosed;
  return t.drawCloses(formatDateTime(draw.closesAt, locale));
}

export function DrawsSection({ client, t, locale }: { client: ApiClient; t: Strings; locale: Locale }) {
  const { data, failure } = useLoad(async () => unwrap(await client.GET('/v1/wallet/draws')), [client]);
  return (
    <section className="card" aria-labelledby="draws-title">
      <h2 id="draws-title">{t.draws}</h2>
      {failure ? <p className="error">{failureText(failure, t.unreachable)}</p> : null}
      {data && data.data.length === 0 ? <p className="muted">{t.noDraws}</p> : null}
      {data && data.data.length > 0 ? (
        <ul className="plain-list">
          {data.data.map((draw) => (
            <li key={draw.drawId}>
              <strong>{draw.name}</strong>
              {draw.description ? <p className="muted">{draw.description}</p> : null}
              <p data-testid="draw-entries">{t.drawEntries(formatNumber(draw.entries, locale))}</p>
              <p>{drawSentence(t, draw, locale)}</p>
              {draw.rewardCode ? <p className="code-text">{t.drawCode(draw.rewardCode)}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
