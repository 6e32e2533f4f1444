import { useState } from 'react';
import { unwrap, type ApiClient } from '../api/client.ts';
import { formatMoney, formatNumber, formatPercent } from '../format.ts';
import { ErrorMessage } from '../ui/field.tsx';
import { useLoad } from '../ui/use-load.ts';
import { compareFigures } from './kpi.ts';
import { KpiCard } from './kpi-card.tsx';

const PERIODS = [7, 30, 90] as const;
const DAY = 86_400_000;
/** Each activity card's sparkline: this period and the five before it, each as long as the one chosen. */
const SPARK_PERIODS = 6;

async function loadOverview(client: ApiClient, days: number) {
  const to = new Date();
  const from = new Date(to.getTime() - days * DAY);
  const current = unwrap(await client.GET('/v1/analytics/overview', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }));
  const period = { from: current.previous.from, to: current.previous.to };
  const window = (back: number) => ({ from: new Date(to.getTime() - (back + 1) * days * DAY).toISOString(), to: new Date(to.getTime() - back * days * DAY).toISOString() });
  const [previous, growth, feedback, previousFeedback, economics, previousEconomics, ...earlier] = await Promise.all([
    client.GET('/v1/analytics/overview', { params: { query: { ...period, currency: current.currency } } }).then(unwrap),
    // Members at each week's end: only the joins and erasures since `from` are read, from their indexes.
    client.GET('/v1/analytics/members', { params: { query: { from: from.toISOString(), to: to.toISOString(), interval: 'week' } } }).then(unwrap),
    client.GET('/v1/feedback/metrics', { params: { query: { from: from.toISOString(), to: to.toISOString(), interval: 'week' } } }).then(unwrap),
    client.GET('/v1/feedback/metrics', { params: { query: period } }).then(unwrap),
    client.GET('/v1/analytics/economics', { params: { query: { from: from.toISOString(), to: to.toISOString(), currency: current.currency, interval: 'week' } } }).then(unwrap),
    client.GET('/v1/analytics/economics', { params: { query: { ...period, currency: current.currency } } }).then(unwrap),
    // The periods before the previous one, oldest last; an overview is one indexed read of the order aggregates.
    ...Array.from({ length: SPARK_PERIODS - 2 }, (_, i) => client.GET('/v1/analytics/overview', { params: { query: { ...window(i + 2), currency: current.currency } } }).then(unwrap)),
  ]);
  const history = [...earlier.reverse(), previous, current].map((o) => o.overall);
  return { current, previous, growth, feedback, previousFeedback, economics, previousEconomics, history };
}

export function Overview({ client }: { client: ApiClient }) {
  const [days, setDays] = useState<number>(30);
  const { data, error } = useLoad(() => loadOverview(client, days), [client, days]);
  const now = data?.current.overall;
  const before = data?.previous.overall;
  const nps = data?.feedback.overall;
  const points = data?.economics;
  const pointsBefore = data?.previousEconomics.inPeriod;
  const series = (pick: (o: NonNullable<typeof now>) => number | null) => data?.history.map(pick);
  const money = (minor: number | null | undefined) => (minor === null || minor === undefined || !data ? '—' : formatMoney(minor, data.current.currency));
  return (
    <section aria-labelledby="overview-title">
      <div className="section-head">
        <h2 id="overview-title">Overview</h2>
        <div role="group" aria-label="Period" className="segmented">
          {PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={days === p} onClick={() => setDays(p)}>
              {p} days
            </button>
          ))}
        </div>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {/* The cards come in together with their figures: cards waiting for them would grow as their hints arrived and push the next row down. */}
      {data ? (
        <ul className="kpis">
          <KpiCard
            label="Members"
            value={formatNumber(data.current.members)}
            change={compareFigures(data.growth.membersAtEnd, data.growth.membersAtStart, 'count')}
            hint={`Active members enrolled; ${formatNumber(data.growth.joined)} joined and ${formatNumber(data.growth.left)} erased in the period.`}
            trend={data.growth.trend.map((t) => t.members)}
            withTrend
          />
          <KpiCard label="Buyers" value={now ? formatNumber(now.buyers) : '—'} change={now ? compareFigures(now.buyers, now.previousBuyers, 'count') : null} trend={series((o) => o.buyers)} />
          <KpiCard label="Retention" value={formatPercent(now?.retentionRate ?? null)} change={compareFigures(now?.retentionRate ?? null, before?.retentionRate ?? null, 'ratio')} trend={series((o) => o.retentionRate)} hint="Previous buyers who bought again." />
          <KpiCard label="Churn" value={formatPercent(now?.churnRate ?? null)} change={compareFigures(now?.churnRate ?? null, before?.churnRate ?? null, 'ratio')} trend={series((o) => o.churnRate)} goodWhen="down" />
          <KpiCard label="Repeat rate" value={formatPercent(now?.repeatPurchaseRate ?? null)} change={compareFigures(now?.repeatPurchaseRate ?? null, before?.repeatPurchaseRate ?? null, 'ratio')} trend={series((o) => o.repeatPurchaseRate)} />
          <KpiCard label="Revenue" value={money(now?.revenue)} change={compareFigures(now?.revenue ?? null, before?.revenue ?? null, 'count')} trend={series((o) => o.revenue)} />
          <KpiCard label="Average order" value={money(now?.averageOrderValue)} change={compareFigures(now?.averageOrderValue ?? null, before?.averageOrderValue ?? null, 'count')} trend={series((o) => o.averageOrderValue)} />
          <KpiCard
            label="Days between orders"
            value={now?.interPurchaseDays === null || now?.interPurchaseDays === undefined ? '—' : formatNumber(now.interPurchaseDays)}
            change={compareFigures(now?.interPurchaseDays ?? null, before?.interPurchaseDays ?? null, 'count')}
            trend={series((o) => o.interPurchaseDays)}
            goodWhen="down"
            hint="Mean gap between orders of buyers who bought twice or more in the period."
          />
          <KpiCard
            label="NPS"
            value={nps?.nps === null || nps?.nps === undefined ? '—' : Math.round(nps.nps)}
            change={compareFigures(nps?.nps ?? null, data?.previousFeedback.overall.nps ?? null, 'score')}
            hint={nps?.npsCi95 ? `95% CI ${Math.round(nps.npsCi95.low)} to ${Math.round(nps.npsCi95.high)}, ${nps.responses} answers` : 'No answers in the period.'}
            trend={data?.feedback.trend?.map((t) => t.nps)}
            withTrend
          />
          <KpiCard
            label="Points liability"
            value={money(points?.liability.valueMinor)}
            change={null}
            hint={points ? `${formatNumber(points.liability.availablePoints + points.liability.pendingPoints)} points outstanding now (available and pending).` : undefined}
            trend={points?.trend?.map((t) => t.outstandingPoints)}
            withTrend
          />
          <KpiCard
            label="Redeemed"
            value={points ? `${formatNumber(points.inPeriod.pointsSpent)} pts` : '—'}
            change={compareFigures(points?.inPeriod.pointsSpent ?? null, pointsBefore?.pointsSpent ?? null, 'count')}
            hint={points ? `Lifetime redemption rate ${formatPercent(points.lifetime.redemptionRate)}.` : undefined}
            trend={points?.trend?.map((t) => t.pointsSpent)}
            withTrend
          />
          <KpiCard
            label="Breakage"
            value={points ? `${formatNumber(points.inPeriod.pointsExpired)} pts` : '—'}
            change={compareFigures(points?.inPeriod.pointsExpired ?? null, pointsBefore?.pointsExpired ?? null, 'count')}
            goodWhen="down"
            hint={points ? `Points expired unused; lifetime breakage ${formatPercent(points.lifetime.breakageRate)}.` : undefined}
            trend={points?.trend?.map((t) => t.pointsExpired)}
            withTrend
          />
        </ul>
      ) : error ? null : (
        <p role="status">Loading figures…</p>
      )}
    </section>
  );
}
