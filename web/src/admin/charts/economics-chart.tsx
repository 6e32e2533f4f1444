import { unwrap, type ApiClient } from '../../api/client.ts';
import { formatMoney, formatPercent } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { BarChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { periodQuery, type Period } from './period.ts';

/** What the program cost in the period beside the revenue it can at most claim (repeat buyers'). */
export function ProgramEconomics({ client, period }: { client: ApiClient; period: Period }) {
  const query = periodQuery(period);
  const { data, error } = useLoad(async () => (query ? unwrap(await client.GET('/v1/analytics/economics', { params: { query } })) : null), [client, query?.from, query?.to]);
  const p = data?.inPeriod;
  const cost = p ? p.rewardCostMinor + p.lineDiscountsMinor + p.couponDiscountsMinor : 0;
  const rows = p
    ? [
        { item: 'Rewards redeemed (points × value)', amount: p.rewardCostMinor, tone: 'alt' as const },
        { item: 'Line discounts', amount: p.lineDiscountsMinor, tone: 'alt' as const },
        { item: 'Coupon discounts', amount: p.couponDiscountsMinor, tone: 'alt' as const },
        { item: 'Program cost', amount: cost, tone: 'alt' as const },
        { item: 'Repeat revenue (incremental at most)', amount: p.repeatRevenue, tone: 'main' as const },
        { item: 'All revenue', amount: p.revenue, tone: 'main' as const },
      ]
    : [];
  const money = (minor: number) => (data ? formatMoney(minor, data.currency) : '—');
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="economics"
        title="Program cost vs incremental revenue"
        note={
          p?.costShareOfRepeatRevenue === null || p?.costShareOfRepeatRevenue === undefined
            ? 'Repeat revenue (from members who had bought before the period) is the most the program can claim as incremental.'
            : `Cost is ${formatPercent(p.costShareOfRepeatRevenue)} of repeat revenue, the most the program can claim as incremental.`
        }
        chart={<BarChart label="Program cost beside repeat and total revenue" bars={rows.map((r) => ({ label: r.item.replace(/ \(.*\)$/, ''), value: r.amount, tone: r.tone }))} format={money} />}
        rows={rows}
        rowKey={(r) => r.item}
        columns={[
          { label: 'Item', value: (r) => r.item },
          { label: 'Amount (minor units)', value: (r) => r.amount, render: (r) => money(r.amount), numeric: true },
        ]}
      />
    </>
  );
}
