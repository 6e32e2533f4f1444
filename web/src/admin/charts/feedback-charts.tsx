import { useId, useState } from 'react';
import { unwrap, type ApiClient } from '../../api/client.ts';
import { formatNumber } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { ChartCard } from './chart-card.tsx';
import { LineChart } from './line-chart.tsx';
import { QuadrantChart } from './quadrants.tsx';
import { periodQuery, type Period } from './period.ts';

type Interval = 'week' | 'month';

async function loadNps(client: ApiClient, range: { from: string; to: string }, filter: { interval: Interval; storeId: string; staffId: string }) {
  const metrics = (query: Record<string, string>) => client.GET('/v1/feedback/metrics', { params: { query: { ...range, ...query } } }).then(unwrap);
  // The store and staff lists come from who was rated in the period, so every choice has answers.
  const [trend, stores, staff] = await Promise.all([
    metrics({ interval: filter.interval, ...(filter.storeId ? { storeId: filter.storeId } : {}), ...(filter.staffId ? { staffId: filter.staffId } : {}) }),
    metrics({ by: 'store' }),
    metrics({ by: 'staff' }),
  ]);
  const keys = (groups: typeof stores.groups) => (groups ?? []).flatMap((g) => (g.key ? [g.key] : []));
  return { trend, stores: keys(stores.groups), staff: keys(staff.groups) };
}

function Choice({ label, value, options, onChange, all }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void; all: string }) {
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NpsTrend({ client, period }: { client: ApiClient; period: Period }) {
  const [interval, setTrendInterval] = useState<Interval>('week');
  const [storeId, setStoreId] = useState('');
  const [staffId, setStaffId] = useState('');
  const range = periodQuery(period);
  const { data, error } = useLoad(
    async () => (range ? loadNps(client, range, { interval, storeId, staffId }) : null),
    [client, range?.from, range?.to, interval, storeId, staffId],
  );
  const trend = data?.trend.trend ?? [];
  const overall = data?.trend.overall;
  const who = [storeId && `store ${storeId}`, staffId && `staff ${staffId}`].filter(Boolean).join(', ') || 'all stores and staff';
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="nps-trend"
        title="NPS trend"
        note={
          overall?.nps === null || overall?.nps === undefined
            ? `No NPS answers for ${who} in the period.`
            : `NPS ${Math.round(overall.nps)} for ${who} (95% CI ${Math.round(overall.npsCi95?.low ?? overall.nps)} to ${Math.round(overall.npsCi95?.high ?? overall.nps)}, ${formatNumber(overall.responses)} answers); shaded: each ${interval}'s 95% interval.`
        }
        controls={
          <div className="chart-controls">
            <Choice label="Store" value={storeId} options={data?.stores ?? []} onChange={setStoreId} all="All stores" />
            <Choice label="Staff" value={staffId} options={data?.staff ?? []} onChange={setStaffId} all="All staff" />
            <div role="group" aria-label="Trend interval" className="segmented">
              {(['week', 'month'] as const).map((i) => (
                <button key={i} type="button" aria-pressed={interval === i} onClick={() => setTrendInterval(i)}>
                  By {i}
                </button>
              ))}
            </div>
          </div>
        }
        chart={
          <LineChart
            label={`NPS by ${interval} for ${who}, ${trend.length} ${interval}s`}
            points={trend.map((t) => ({ x: t.period, y: t.nps, ...(t.npsCi95 ? { low: t.npsCi95.low, high: t.npsCi95.high } : {}) }))}
            domain={[-100, 100]}
            format={(v) => String(Math.round(v))}
          />
        }
        rows={trend}
        rowKey={(t) => t.period}
        columns={[
          { label: interval === 'week' ? 'Week of' : 'Month', value: (t) => t.period },
          { label: 'Answers', value: (t) => t.responses, numeric: true },
          { label: 'NPS', value: (t) => t.nps, numeric: true },
          { label: 'CI low', value: (t) => t.npsCi95?.low ?? null, numeric: true },
          { label: 'CI high', value: (t) => t.npsCi95?.high ?? null, numeric: true },
          { label: 'Promoters', value: (t) => t.promoters, numeric: true },
          { label: 'Passives', value: (t) => t.passives, numeric: true },
          { label: 'Detractors', value: (t) => t.detractors, numeric: true },
        ]}
      />
    </>
  );
}

const PLACE = {
  loyal_satisfied: { satisfied: true, loyal: true },
  satisfied_drifting: { satisfied: true, loyal: false },
  loyal_unhappy: { satisfied: false, loyal: true },
  lost: { satisfied: false, loyal: false },
} as const;

export function SatisfactionQuadrants({ client }: { client: ApiClient }) {
  const { data, error } = useLoad(async () => unwrap(await client.GET('/v1/feedback/satisfaction-vs-loyalty', { params: { query: { membersPerQuadrant: 0 } } })), [client]);
  const quadrants = data && data.respondents > 0 ? data.quadrants : [];
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="quadrants"
        title="Satisfaction vs loyalty"
        note={`What members say (latest NPS or CSAT) beside what they do (buying at their usual rhythm)${data ? `, ${formatNumber(data.respondents)} respondents` : ''}.`}
        chart={<QuadrantChart label="Respondents in four quadrants of satisfaction and loyalty" quadrants={quadrants.map((q) => ({ key: q.quadrant, label: q.label, count: q.count, ...PLACE[q.quadrant] }))} />}
        rows={quadrants}
        rowKey={(q) => q.quadrant}
        columns={[
          { label: 'Quadrant', value: (q) => q.label },
          { label: 'Members', value: (q) => q.count, numeric: true },
        ]}
      />
    </>
  );
}
