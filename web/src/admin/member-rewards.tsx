import type { components } from '../api/schema';
import { formatDate, formatNumber } from '../format.ts';
import { DataTable } from '../ui/data-table.tsx';

type RewardCode = components['schemas']['RewardCode'];
const STATUS: Record<RewardCode['status'], string> = { issued: 'to use', used: 'used', cancelled: 'cancelled' };

/** Reward codes the member redeemed points for or won; the unused ones can still be used at the till. */
export function RewardsSection({ memberId, codes }: { memberId: string; codes: readonly RewardCode[] }) {
  return (
    <section className="card" aria-labelledby="rewards-title" id="rewards">
      <h3 id="rewards-title">Reward codes</h3>
      <DataTable
        caption="Reward codes"
        captionHidden
        rows={codes}
        rowKey={(c) => c.id}
        filename={`reward-codes-${memberId}.csv`}
        empty="No reward codes."
        columns={[
          { label: 'Issued', value: (c) => c.issuedAt, render: (c) => formatDate(c.issuedAt) },
          { label: 'Reward', value: (c) => c.rewardName },
          { label: 'Code', value: (c) => c.code, render: (c) => <code>{c.code}</code> },
          { label: 'Status', value: (c) => STATUS[c.status] },
          { label: 'Points', value: (c) => c.pointsCost, numeric: true, render: (c) => (c.entryId ? formatNumber(c.pointsCost) : 'prize') },
        ]}
      />
    </section>
  );
}
