// A saved segment's filter in words for the segments list: marketers read "at least 2 orders", not
// the JSON field `ordersAtLeast 2`.
import { formatDate } from '../../format.ts';
import type { Schemas } from './api-types.ts';

type Filter = Schemas['Segment']['filter'];
type Moment = NonNullable<Filter['lastOrderBefore']>;

const any = (values: readonly string[]) => values.map((v) => v.replaceAll('_', ' ')).join(' or ');
const since = (m: Moment) => ('daysAgo' in m ? `the last ${m.daysAgo} days` : formatDate(m.at));

/**
 * Every condition of the filter as a phrase, joined with "; " (they all must hold).
 * @example describeFilter({ ordersAtLeast: 2, marketingConsent: true }) // 'at least 2 orders; consented to marketing'
 */
export function describeFilter(f: Filter): string {
  const money = (minor: number) => `${(minor / 100).toFixed(2)}${f.currency ? ` ${f.currency}` : ''}`;
  const parts = [
    f.tiers && `tier ${any(f.tiers)}`,
    f.rfmSegments && `RFM ${any(f.rfmSegments)}`,
    f.lastOrderBefore && ('daysAgo' in f.lastOrderBefore ? `no order in ${since(f.lastOrderBefore)}` : `last order before ${since(f.lastOrderBefore)}`),
    f.lastOrderAfter && ('daysAgo' in f.lastOrderAfter ? `ordered in ${since(f.lastOrderAfter)}` : `ordered since ${since(f.lastOrderAfter)}`),
    f.ordersAtLeast !== undefined && `at least ${f.ordersAtLeast} ${f.ordersAtLeast === 1 ? 'order' : 'orders'}`,
    f.ordersAtMost !== undefined && `at most ${f.ordersAtMost} ${f.ordersAtMost === 1 ? 'order' : 'orders'}`,
    f.spendAtLeast !== undefined && `spent at least ${money(f.spendAtLeast)}`,
    f.pAliveBands && `P(alive) ${any(f.pAliveBands)}`,
    f.pAliveAtLeast !== undefined && `P(alive) at least ${f.pAliveAtLeast}`,
    f.pAliveAtMost !== undefined && `P(alive) at most ${f.pAliveAtMost}`,
    f.loyaltyBands && `loyalty ${any(f.loyaltyBands)}`,
    f.npsClass && `latest NPS answer a ${f.npsClass}`,
    f.marketingConsent !== undefined && (f.marketingConsent ? 'consented to marketing' : 'did not consent to marketing'),
    f.tags && `tagged ${any(f.tags)}`,
    f.currency && f.spendAtLeast === undefined && `purchases in ${f.currency}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join('; ') : 'every member';
}
