import { unwrap, type ApiClient } from '../../api/client.ts';
import { formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { BarChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { Heatmap } from './heatmap.tsx';
import { monthsIn, observedMonths, periodQuery, type Period } from './period.ts';

const percent = (v: number) => `${Math.round(v * 100)}%`;

export function CohortHeatmap({ client, period }: { client: ApiClient; period: Period }) {
  const query = periodQuery(period);
  const { data, error } = useLoad(
    async () => (query ? unwrap(await client.GET('/v1/analytics/cohorts', { params: { query: { ...query, months: Math.min(12, monthsIn(period)) } } })) : null),
    [client, query?.from, query?.to],
  );
  const cohorts = (data?.cohorts ?? [])
    .filter((c) => c.members > 0)
    .map((c) => ({ ...c, retention: c.retention.map((v, k) => (k < observedMonths(c.cohort, period) ? v : null)) }));
  const months = Math.max(0, ...cohorts.map((c) => c.retention.length));
  // Month 0 is always 100%: shading by the later months keeps their differences visible.
  const max = Math.max(0.01, ...cohorts.flatMap((c) => c.retention.slice(1).filter((v): v is number => v !== null)));
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="cohorts"
        title="Cohort retention"
        note="Members by the month of their first order (rows), and the share still buying each month after (columns)."
        chart={
          <Heatmap
            label={`Cohort retention heatmap: ${cohorts.length} monthly cohorts`}
            columns={Array.from({ length: months }, (_, k) => `M${k}`)}
            rows={cohorts.map((c) => ({ label: `${c.cohort} (${c.members})`, cells: c.retention.map((v) => (v === null ? null : Math.min(v, max))) }))}
            max={max}
            format={percent}
            rowHeader={110}
          />
        }
        rows={cohorts}
        rowKey={(c) => c.cohort}
        columns={[
          { label: 'Cohort', value: (c) => c.cohort },
          { label: 'Members', value: (c) => c.members, numeric: true },
          ...Array.from({ length: months }, (_, k) => ({ label: `Month ${k}`, value: (c: (typeof cohorts)[number]) => c.retention[k] ?? null, render: (c: (typeof cohorts)[number]) => formatPercent(c.retention[k] ?? null), numeric: true })),
        ]}
      />
    </>
  );
}

export function RfmMap({ client, period }: { client: ApiClient; period: Period }) {
  const asOf = periodQuery(period)?.to;
  const { data, error } = useLoad(async () => unwrap(await client.GET('/v1/analytics/rfm', { params: { query: asOf ? { asOf } : {} } })), [client, asOf]);
  const grid = data?.grid ?? [];
  const max = Math.max(1, ...grid.map((g) => g.members));
  const segments = data?.segments ?? [];
  const money = (minor: number | null) => (minor === null || !data ? '—' : formatMoney(minor, data.currency));
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="rfm"
        title="RFM segments"
        note={`Members by recency (rows, 5 = most recent) and frequency (columns) score${data ? `, ${formatNumber(data.members)} buyers` : ''}; bars: spend per segment.`}
        chart={
          <div className="chart-pair">
            <Heatmap
              label="RFM map: members per recency and frequency score"
              columns={['F1', 'F2', 'F3', 'F4', 'F5']}
              rows={[5, 4, 3, 2, 1].map((r) => ({ label: `R${r}`, cells: [1, 2, 3, 4, 5].map((f) => grid.find((g) => g.r === r && g.f === f)?.members ?? 0) }))}
              max={max}
              format={(v) => formatNumber(v)}
              rowHeader={40}
            />
            <BarChart label="Spend per RFM segment" bars={segments.map((s) => ({ label: s.name, value: s.spend }))} format={(v) => money(v)} />
          </div>
        }
        rows={segments.filter((s) => s.members > 0)}
        rowKey={(s) => s.segment}
        columns={[
          { label: 'Segment', value: (s) => s.name },
          { label: 'Members', value: (s) => s.members, numeric: true },
          { label: 'Share', value: (s) => s.share, render: (s) => formatPercent(s.share), numeric: true },
          { label: 'Spend', value: (s) => s.spend, render: (s) => money(s.spend), numeric: true },
          { label: 'Average spend', value: (s) => s.averageSpend, render: (s) => money(s.averageSpend), numeric: true },
          { label: 'Average orders', value: (s) => s.averageOrders, numeric: true },
          { label: 'Average days since last order', value: (s) => s.averageRecencyDays, numeric: true },
        ]}
      />
    </>
  );
}

export function TierDistribution({ client }: { client: ApiClient }) {
  const { data, error } = useLoad(async () => unwrap(await client.GET('/v1/analytics/tiers')), [client]);
  const tiers = data?.tiers ?? [];
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="tiers"
        title="Tier distribution"
        note="Active members per tier, now."
        empty="The program has no tiers."
        chart={<BarChart label="Members per tier" bars={tiers.map((t) => ({ label: t.name, value: t.members }))} format={(v) => formatNumber(v)} />}
        rows={tiers}
        rowKey={(t) => t.tierId}
        columns={[
          { label: 'Tier', value: (t) => t.name },
          { label: 'Members', value: (t) => t.members, numeric: true },
          { label: 'Share', value: (t) => t.share, render: (t) => formatPercent(t.share), numeric: true },
        ]}
      />
    </>
  );
}

export function ClvDistribution({ client }: { client: ApiClient }) {
  const { data, error } = useLoad(async () => unwrap(await client.GET('/v1/analytics/clv/distribution', { params: { query: { buckets: 10 } } })), [client]);
  const money = (minor: number) => (data ? formatMoney(minor, data.currency) : '—');
  const buckets = data && data.members > 0 ? data.histogram : [];
  const bands = data && data.members > 0 ? data.pAliveBands : [];
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="clv"
        title="Customer lifetime value"
        note={
          data?.scoredAt
            ? `Expected spend over the next year (${formatNumber(data.members)} members, ${money(data.totalClv)} in all), and members by the chance they are still customers (P(alive)).`
            : undefined
        }
        empty="Shown once the member-scores job has fitted the models."
        chart={
          <div className="chart-pair">
            <BarChart label="Members per expected CLV band" bars={buckets.map((b) => ({ label: `${money(b.from)}–${money(b.to)}`, value: b.members }))} format={(v) => formatNumber(v)} />
            <BarChart label="Members per P(alive) band" bars={bands.map((b) => ({ label: `P(alive) ${b.band}`, value: b.members, tone: 'alt' as const }))} format={(v) => formatNumber(v)} />
          </div>
        }
        rows={[...buckets.map((b) => ({ group: `CLV ${money(b.from)}–${money(b.to)}`, members: b.members, clv: b.clv })), ...bands.map((b) => ({ group: `P(alive) ${b.band}`, members: b.members, clv: b.clv }))]}
        rowKey={(r) => r.group}
        columns={[
          { label: 'Group', value: (r) => r.group },
          { label: 'Members', value: (r) => r.members, numeric: true },
          { label: 'Expected CLV (minor units)', value: (r) => r.clv, render: (r) => money(r.clv), numeric: true },
        ]}
      />
    </>
  );
}
