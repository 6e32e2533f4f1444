import { useId, useState } from 'react';
import { unwrap, type ApiClient } from '../../api/client.ts';
import { formatMoney, formatPercent } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { BarChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { periodQuery, type Period } from './period.ts';

const BREAKDOWNS = { store: 'Store', tier: 'Tier (now)', cohort: 'Cohort (first order month)', segment: 'RFM segment (now)' } as const;
type Breakdown = keyof typeof BREAKDOWNS;

/** Buyers, retention and revenue of the period per store, tier, cohort or RFM segment. */
export function ActivityBreakdown({ client, period }: { client: ApiClient; period: Period }) {
  const [by, setBy] = useState<Breakdown>('store');
  const selectId = useId();
  const query = periodQuery(period);
  const { data, error } = useLoad(async () => (query ? unwrap(await client.GET('/v1/analytics/overview', { params: { query: { ...query, by } } })) : null), [client, query?.from, query?.to, by]);
  const groups = data?.groups ?? [];
  const money = (minor: number | null) => (minor === null || !data ? '—' : formatMoney(minor, data.currency));
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="activity"
        title="Buyers and revenue by group"
        note="A member who bought at two stores counts at each; tiers, cohorts and segments count each member once."
        controls={
          <div className="field compact">
            <label htmlFor={selectId}>Break down by</label>
            <select id={selectId} value={by} onChange={(e) => setBy(e.target.value as Breakdown)}>
              {(Object.keys(BREAKDOWNS) as Breakdown[]).map((b) => (
                <option key={b} value={b}>
                  {BREAKDOWNS[b]}
                </option>
              ))}
            </select>
          </div>
        }
        chart={<BarChart label={`Revenue by ${by}, ${groups.length} groups`} bars={groups.map((g) => ({ label: g.name ?? g.key, value: g.revenue }))} format={(v) => money(v)} />}
        rows={groups}
        rowKey={(g) => g.key}
        columns={[
          { label: BREAKDOWNS[by], value: (g) => g.name ?? g.key },
          { label: 'Buyers', value: (g) => g.buyers, numeric: true },
          { label: 'New buyers', value: (g) => g.newBuyers, numeric: true },
          { label: 'Retention', value: (g) => g.retentionRate, render: (g) => formatPercent(g.retentionRate), numeric: true },
          { label: 'Churn', value: (g) => g.churnRate, render: (g) => formatPercent(g.churnRate), numeric: true },
          { label: 'Orders', value: (g) => g.orders, numeric: true },
          { label: 'Revenue (minor units)', value: (g) => g.revenue, render: (g) => money(g.revenue), numeric: true },
        ]}
      />
    </>
  );
}
