import { unwrap, type ApiClient } from '../../api/client.ts';
import { formatNumber } from '../../format.ts';
import { ErrorMessage } from '../../ui/field.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { BarChart } from './bar-chart.tsx';
import { ChartCard } from './chart-card.tsx';
import { periodQuery, type Period } from './period.ts';

/** Which brands a category's buyers come back to: each brand's purchases per 10 of its category. */
export function BrandRepurchase({ client, period }: { client: ApiClient; period: Period }) {
  const query = periodQuery(period);
  const { data, error } = useLoad(async () => (query ? unwrap(await client.GET('/v1/analytics/brands', { params: { query } })) : null), [client, query?.from, query?.to]);
  const rows = (data?.categories ?? []).flatMap((c) => c.brands.map((b) => ({ ...b, category: c.category, categoryPurchases: c.purchases })));
  const perTen = (rate: number | null) => (rate === null ? '—' : `${rate.toFixed(1)} in 10`);
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ChartCard
        id="brands"
        title="Brand repurchase"
        note="Purchases of each brand per 10 purchases of its category; a purchase is an order, whatever its lines."
        empty="No order line of the period names a brand."
        chart={
          <BarChart
            label={`Brand repurchase, ${rows.length} brands`}
            bars={rows.map((r) => ({ label: `${r.category}: ${r.brand}`, value: r.repurchaseRate ?? 0 }))}
            format={(v) => perTen(v)}
          />
        }
        rows={rows}
        rowKey={(r) => `${r.category}\u0000${r.brand}`}
        columns={[
          { label: 'Category', value: (r) => r.category },
          { label: 'Brand', value: (r) => r.brand },
          { label: 'Per 10 of the category', value: (r) => r.repurchaseRate, render: (r) => perTen(r.repurchaseRate), numeric: true },
          { label: 'Purchases', value: (r) => r.purchases, render: (r) => formatNumber(r.purchases), numeric: true },
          { label: 'Category purchases', value: (r) => r.categoryPurchases, render: (r) => formatNumber(r.categoryPurchases), numeric: true },
          { label: 'Buyers', value: (r) => r.buyers, numeric: true },
          { label: 'Came back', value: (r) => r.repeatBuyers, numeric: true },
        ]}
      />
    </>
  );
}
