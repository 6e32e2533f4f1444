// Retention metrics as documented pure definitions. Queries gather counts; these functions give them
// meaning, so every figure on the dashboard has one definition and a table of hand-checked cases.

/** A share as a fraction 0–1 rounded to 4 decimals, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/**
 * Churn rate: of the members who bought in the previous period, the share who did not buy in this one.
 * Retention is its complement over the same base.
 * @example churnRate({ previousBuyers: 200, retained: 150 }) // 0.25
 */
export function churnRate(counts: { previousBuyers: number; retained: number }): number | null {
  return share(counts.previousBuyers - counts.retained, counts.previousBuyers);
}

export function retentionRate(counts: { previousBuyers: number; retained: number }): number | null {
  return share(counts.retained, counts.previousBuyers);
}

/** Repeat-purchase rate: the share of buyers with two or more orders. */
export function repeatPurchaseRate(counts: { buyers: number; repeaters: number }): number | null {
  return share(counts.repeaters, counts.buyers);
}

/**
 * Brand repurchase rate: purchases of a brand per 10 purchases in its category, by members who bought
 * the category (how often a category buyer comes back to this brand).
 * @example brandRepurchaseRate({ brandPurchases: 30, categoryPurchases: 120 }) // 2.5
 */
export function brandRepurchaseRate(counts: { brandPurchases: number; categoryPurchases: number }): number | null {
  return counts.categoryPurchases > 0 ? Math.round((counts.brandPurchases / counts.categoryPurchases) * 100) / 10 : null;
}

/**
 * Inter-purchase time: over the buyers with two or more orders in the period, the mean of each one's
 * mean gap between those orders ((last − first) / (orders − 1)), in days to one decimal. Gaps reaching
 * outside the period are not seen, so a short period shows short gaps.
 * @example interPurchaseDays({ buyers: 2, gapSeconds: 30 * 86_400 }) // 15
 */
export function interPurchaseDays(sums: { buyers: number; gapSeconds: number }): number | null {
  return sums.buyers > 0 ? Math.round((sums.gapSeconds / sums.buyers / 86_400) * 10) / 10 : null;
}

/** Average order value in minor units, rounded; null with no orders. */
export function averageOrderValue(sales: { orders: number; revenue: number }): number | null {
  return sales.orders > 0 ? Math.round(sales.revenue / sales.orders) : null;
}

/**
 * Members vs non-members: the members' share of all orders and of all revenue (how much of the
 * business the program reaches), and how a member's average order compares with a non-member's
 * (1.25: members spend 25% more per order). Null where a side has no orders.
 * @example membersVsNonMembers({ members: { orders: 60, revenue: 90_000 }, nonMembers: { orders: 40, revenue: 48_000 } }) // { memberOrderShare: 0.6, memberRevenueShare: 0.6522, averageOrderValueRatio: 1.25 }
 */
export function membersVsNonMembers(sales: { members: { orders: number; revenue: number }; nonMembers: { orders: number; revenue: number } }) {
  const { members, nonMembers } = sales;
  const comparable = members.orders > 0 && nonMembers.orders > 0 && nonMembers.revenue > 0;
  return {
    memberOrderShare: share(members.orders, members.orders + nonMembers.orders),
    memberRevenueShare: share(members.revenue, members.revenue + nonMembers.revenue),
    averageOrderValueRatio: comparable ? Math.round((members.revenue / members.orders / (nonMembers.revenue / nonMembers.orders)) * 100) / 100 : null,
  };
}

/** The period of the same length just before [from, to): the base for churn and comparisons. */
export function previousPeriod(from: Date, to: Date): { from: Date; to: Date } {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: from };
}

/**
 * A member's usual interval between orders in days ((last − first) / (orders − 1)), and how overdue they
 * are against it: 1 means "at their usual time", 2 "twice their usual gap". Null for one-time buyers.
 */
export function overdueness(stats: { orders: number; firstOrderAt: Date; lastOrderAt: Date }, now: Date): { usualDays: number; overdue: number } | null {
  if (stats.orders < 2) return null;
  const usualDays = Math.max(1, (stats.lastOrderAt.getTime() - stats.firstOrderAt.getTime()) / 86_400_000 / (stats.orders - 1));
  const since = (now.getTime() - stats.lastOrderAt.getTime()) / 86_400_000;
  return { usualDays: Math.round(usualDays * 10) / 10, overdue: Math.round((since / usualDays) * 100) / 100 };
}

/**
 * A round histogram bucket width (1, 2 or 5 × 10^k, at least 1) so that `buckets` buckets from 0 cover
 * 0…max: readable edges ("€0–€50") rather than max ÷ buckets.
 * @example niceBucketWidth(9_730, 10) // 1000
 * @example niceBucketWidth(420, 10) // 50
 */
export function niceBucketWidth(max: number, buckets: number): number {
  const raw = Math.max(1, max / buckets);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].find((m) => m * magnitude >= raw)! * magnitude;
}
