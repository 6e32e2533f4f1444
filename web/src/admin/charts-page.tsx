import { useId, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { ActivityBreakdown } from './charts/activity-chart.tsx';
import { BrandRepurchase } from './charts/brand-chart.tsx';
import { ProgramEconomics } from './charts/economics-chart.tsx';
import { MembersVsNonMembers } from './charts/members-chart.tsx';
import { NpsTrend, SatisfactionQuadrants } from './charts/feedback-charts.tsx';
import { defaultPeriod, periodQuery, type Period } from './charts/period.ts';
import { ClvDistribution, CohortHeatmap, RfmMap, TierDistribution } from './charts/retention-charts.tsx';
import './admin.css';

/** The analytics charts; loaded on demand, so neither the wallet nor the overview carries them. */
export default function ChartsPage({ client }: { client: ApiClient }) {
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const fromId = useId();
  const toId = useId();
  const valid = periodQuery(period) !== null;
  return (
    <section aria-labelledby="charts-title" className="charts">
      <div className="section-head">
        <h2 id="charts-title">Charts</h2>
        <form className="inline-form" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
          <div className="field compact">
            <label htmlFor={fromId}>From</label>
            <input id={fromId} type="date" value={period.from} max={period.to} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} />
          </div>
          <div className="field compact">
            <label htmlFor={toId}>To</label>
            <input id={toId} type="date" value={period.to} min={period.from} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
          </div>
        </form>
      </div>
      {valid ? null : <p className="error">Choose a start date before the end date.</p>}
      <div className="chart-grid">
        <CohortHeatmap client={client} period={period} />
        <NpsTrend client={client} period={period} />
        <RfmMap client={client} period={period} />
        <ProgramEconomics client={client} period={period} />
        <TierDistribution client={client} />
        <SatisfactionQuadrants client={client} />
        <ClvDistribution client={client} />
        <ActivityBreakdown client={client} period={period} />
        <BrandRepurchase client={client} period={period} />
        <MembersVsNonMembers client={client} period={period} />
      </div>
    </section>
  );
}
