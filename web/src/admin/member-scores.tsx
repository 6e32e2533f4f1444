import { formatDate, formatMoney, formatNumber, formatPercent } from '../format.ts';
import type { MemberScores } from './member-360-data.ts';

// The true-loyalty index's three parts and their maximums (see the analytics loyalty index).
const PARTS: Record<string, { label: string; max: number }> = {
  paysFullPrice: { label: 'Pays full price', max: 30 },
  recommends: { label: 'Recommends', max: 35 },
  engaged: { label: 'Engaged', max: 35 },
};

/** Model scores from the last member-scores run, and the live buying rhythm. */
export function ScoresCard({ scores }: { scores: MemberScores }) {
  const { clv, trueLoyalty, rhythm } = scores;
  return (
    <section className="card" aria-labelledby="scores-title" id="scores">
      <h3 id="scores-title">Scores</h3>
      {scores.scoredAt === null ? (
        <p data-testid="not-scored">
          <strong>Not scored yet.</strong> <span className="muted">The nightly scoring job scores members once they have ordered.</span>
        </p>
      ) : (
        <p className="muted">Scored {formatDate(scores.scoredAt)}.</p>
      )}
      <dl className="facts">
        {clv ? (
          <>
            <dt>Still a customer (P(alive))</dt>
            <dd>{formatPercent(clv.pAlive)}</dd>
            <dt>Expected purchases, 90 days</dt>
            <dd>{clv.expectedPurchases90d.toFixed(1)}</dd>
            <dt>Expected value, 365 days</dt>
            <dd>{formatMoney(clv.expectedClv365d, clv.currency)}</dd>
          </>
        ) : scores.scoredAt ? (
          <>
            <dt>CLV</dt>
            <dd className="muted">Too few repeat buyers yet for the models to fit.</dd>
          </>
        ) : null}
        {trueLoyalty ? (
          <>
            <dt>True loyalty</dt>
            <dd>
              <strong>{trueLoyalty.band}</strong>, {trueLoyalty.score} of 100
              <ul className="score-parts">
                {Object.entries(trueLoyalty.parts).map(([part, value]) => (
                  <li key={part}>
                    {PARTS[part]?.label ?? part}: {formatNumber(value)}
                    {PARTS[part] ? ` of ${PARTS[part].max}` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Buying rhythm</dt>
        <dd>
          {rhythm ? (
            <>
              {Math.round(rhythm.usualIntervalDays) <= 1 ? 'every day or so' : `every ${formatNumber(Math.round(rhythm.usualIntervalDays))} days`};{' '}{rhythm.overdue >= 1.5 ? <strong>{rhythm.overdue.toFixed(1)}× overdue</strong> : `${rhythm.overdue.toFixed(1)}× the usual gap since the last order`}
            </>
          ) : (
            <span className="muted">needs two orders</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
