import type { ApiClient } from '../api/client.ts';
import { formatDate, formatMoney } from '../format.ts';
import type { PageOf } from '../ui/use-pages.ts';
import { MemberTableSection } from './member-table-section.tsx';
import { memberPages, type Coupon } from './member-360-data.ts';

const STATUS: Record<Coupon['status'], string> = { active: 'active', scheduled: 'not started', used: 'used', expired: 'expired' };

/**
 * "10% off, orders from 20.00", "€5.00 off". A percent coupon's minimum order has no currency of its own,
 * so it shows as a plain amount.
 */
function couponOffer(c: Coupon): string {
  const off = c.discount.type === 'percent' ? `${c.discount.percent}% off` : `${formatMoney(c.discount.amount, c.discount.currency)} off`;
  if (c.minOrder === 0) return off;
  const minimum = c.discount.type === 'amount' ? formatMoney(c.minOrder, c.discount.currency) : (c.minOrder / 100).toFixed(2);
  return `${off}, orders from ${minimum}`;
}

/** Coupons issued to this member (a journey's offer, a code made for them); shared codes are on the Coupons page. */
export function CouponsSection({ client, memberId, first }: { client: ApiClient; memberId: string; first: PageOf<Coupon> }) {
  return (
    <MemberTableSection
      id="coupons"
      title="Coupons"
      what="coupons"
      first={first}
      loadPage={(cursor, limit) => memberPages.coupons(client, memberId, cursor, limit)}
      caption="Coupons"
      rowKey={(c) => c.id}
      filename={`coupons-${memberId}.csv`}
      empty="No coupons issued to this member."
      columns={[
        { label: 'Issued', value: (c) => c.createdAt, render: (c) => formatDate(c.createdAt) },
        { label: 'Code', value: (c) => c.code, render: (c) => <code>{c.code}</code> },
        { label: 'Gives', value: couponOffer },
        {
          label: 'Status',
          value: (c) => STATUS[c.status],
          render: (c) => (c.status === 'scheduled' && c.startsAt ? `${STATUS[c.status]} (from ${formatDate(c.startsAt)})` : STATUS[c.status]),
        },
        { label: 'Valid until', value: (c) => c.expiresAt ?? '', render: (c) => (c.expiresAt ? formatDate(c.expiresAt) : <span className="muted">no end</span>) },
      ]}
    />
  );
}
