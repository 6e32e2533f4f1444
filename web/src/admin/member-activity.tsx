import type { ApiClient } from '../api/client.ts';
import { formatDate, formatMoney, formatNumber } from '../format.ts';
import type { PageOf } from '../ui/use-pages.ts';
import { MemberTableSection } from './member-table-section.tsx';
import { memberPages, type LedgerEntry, type MemberOrder } from './member-360-data.ts';

const signed = (points: number) => (points > 0 ? `+${formatNumber(points)}` : formatNumber(points));

/** Minor units as a plain decimal for CSV (no symbol, no grouping): 4200 EUR → "42.00". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

export function LedgerSection({ client, memberId, first }: { client: ApiClient; memberId: string; first: PageOf<LedgerEntry> }) {
  return (
    <MemberTableSection
      id="ledger"
      title="Ledger"
      what="ledger entries"
      first={first}
      loadPage={(cursor, limit) => memberPages.ledger(client, memberId, cursor, limit)}
      caption="Points entries"
      rowKey={(e) => e.id}
      filename={`ledger-${memberId}.csv`}
      empty="No entries yet."
      columns={[
        { label: 'Date', value: (e) => e.occurredAt, render: (e) => formatDate(e.occurredAt) },
        { label: 'Kind', value: (e) => e.kind },
        { label: 'Points', value: (e) => e.points, numeric: true, render: (e) => <span className={e.points < 0 ? 'negative' : undefined}>{signed(e.points)}</span> },
        { label: 'What happened', value: (e) => e.explanation },
      ]}
    />
  );
}

function OrderLines({ order }: { order: MemberOrder }) {
  return (
    <details>
      <summary>
        {order.lines.length} {order.lines.length === 1 ? 'line' : 'lines'}
      </summary>
      <ul className="order-lines">
        {order.lines.map((line) => (
          <li key={line.lineId}>
            {line.quantity}× {line.sku}
            {line.category ? <span className="muted"> ({line.category})</span> : null} {formatMoney(line.amount, order.currency)} · {formatNumber(line.points)} pts
            {line.refundedQuantity > 0 ? <span className="negative"> · {line.refundedQuantity} refunded</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

const linesText = (o: MemberOrder) => o.lines.map((l) => `${l.quantity}× ${l.sku}${l.refundedQuantity ? ` (${l.refundedQuantity} refunded)` : ''}`).join('; ');
const refundsText = (o: MemberOrder) => o.refunds.map((r) => `-${decimalAmount(r.amount, o.currency)}${r.reason ? ` (${r.reason})` : ''}`).join('; ');

export function OrdersSection({ client, memberId, first }: { client: ApiClient; memberId: string; first: PageOf<MemberOrder> }) {
  return (
    <MemberTableSection
      id="orders"
      title="Orders"
      what="orders"
      first={first}
      loadPage={(cursor, limit) => memberPages.orders(client, memberId, cursor, limit)}
      caption="Orders"
      rowKey={(o) => o.id}
      filename={`orders-${memberId}.csv`}
      empty="No orders yet."
      columns={[
        { label: 'Date', value: (o) => o.occurredAt, render: (o) => formatDate(o.occurredAt) },
        { label: 'Order', value: (o) => o.externalId ?? o.id, render: (o) => <code>{o.externalId ?? o.id}</code> },
        { label: 'Store', value: (o) => o.storeId ?? o.channel },
        { label: 'Total', value: (o) => decimalAmount(o.total, o.currency), numeric: true, render: (o) => formatMoney(o.total, o.currency) },
        { label: 'Currency', value: (o) => o.currency },
        { label: 'Points', value: (o) => o.points, numeric: true, render: (o) => formatNumber(o.points) },
        { label: 'Lines', value: linesText, render: (o) => <OrderLines order={o} /> },
        {
          label: 'Refunds',
          value: refundsText,
          render: (o) =>
            o.refunds.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="order-lines">
                {o.refunds.map((r) => (
                  <li key={r.id} className="negative">
                    −{formatMoney(r.amount, o.currency)}, −{formatNumber(r.points)} pts on {formatDate(r.occurredAt)}
                    {r.reason ? ` (${r.reason})` : ''}
                  </li>
                ))}
              </ul>
            ),
        },
      ]}
    />
  );
}
