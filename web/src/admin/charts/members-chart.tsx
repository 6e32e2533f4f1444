import { unwrap, type ApiClient } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { BarChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { periodQuery, type Period } from './period.ts';

type Figures = components['schemas']['MembersVsNonMembers']['overall'];
type Row = Figures & { store: string };

/** How much of the trade the program reaches, and what a member's order is worth beside anyone else's. */
export function MembersVsNonMembers({ client, period }: { client: ApiClient; period: Period }) {
  const query = periodQuery(period);
  const { data, error } = useLoad(
    async () => (query ? unwrap(await client.GET('/v1/analytics/members-vs-non-members', { params: { query } })) : null),
    [client, query?.from, query?.to],
  );
  const overall = data?.overall;
  const rows: Row[] =
    data && overall && overall.members.orders + overall.nonMembers.orders > 0
      ? [{ store: 'All stores', ...overall }, ...data.stores.map(({ storeId, ...figures }) => ({ store: storeId ?? 'No store', ...figures }))]
      : [];
  const money = (minor: number | null) => (minor === null || !data ? '—' : formatMoney(minor, data.currency));
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="members-vs-non-members"
        title="Members vs non-members"
        note={overall ? summary(overall) : undefined}
        empty="No orders in the period."
        chart={
          <BarChart
            label={`Average order value of members and non-members, ${rows.length} groups`}
            bars={rows.flatMap((r) => [
              { label: `${r.store}: members`, value: r.members.averageOrderValue ?? 0 },
              { label: `${r.store}: others`, value: r.nonMembers.averageOrderValue ?? 0, tone: 'alt' as const },
            ])}
            format={(v) => money(v)}
          />
        }
        rows={rows}
        rowKey={(r) => r.store}
        columns={[
          { label: 'Store', value: (r) => r.store },
          { label: 'Member orders', value: (r) => r.members.orders, render: (r) => formatNumber(r.members.orders), numeric: true },
          { label: 'Non-member orders', value: (r) => r.nonMembers.orders, render: (r) => formatNumber(r.nonMembers.orders), numeric: true },
          { label: 'Members’ share of orders', value: (r) => r.memberOrderShare, render: (r) => formatPercent(r.memberOrderShare), numeric: true },
          { label: 'Members’ share of revenue', value: (r) => r.memberRevenueShare, render: (r) => formatPercent(r.memberRevenueShare), numeric: true },
          { label: 'Member AOV', value: (r) => r.members.averageOrderValue, render: (r) => money(r.members.averageOrderValue), numeric: true },
          { label: 'Non-member AOV', value: (r) => r.nonMembers.averageOrderValue, render: (r) => money(r.nonMembers.averageOrderValue), numeric: true },
          { label: 'AOV ratio', value: (r) => r.averageOrderValueRatio, render: (r) => (r.averageOrderValueRatio === null ? '—' : `${r.averageOrderValueRatio.toFixed(2)}×`), numeric: true },
        ]}
      />
    </>
  );
}

function summary(overall: Figures): string {
  if (overall.nonMembers.orders === 0) return 'No sales to non-members in the period: import the till’s other sales with an empty member_external_id to compare.';
  const ratio = overall.averageOrderValueRatio === null ? '' : `; a member’s average order is ${overall.averageOrderValueRatio.toFixed(2)}× a non-member’s`;
  return `Members placed ${formatPercent(overall.memberOrderShare)} of orders and ${formatPercent(overall.memberRevenueShare)} of revenue${ratio}.`;
}
