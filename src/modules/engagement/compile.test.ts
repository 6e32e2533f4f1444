import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render } from '../../db/statement.js';
import { compileSegment, resolveMoment } from './compile.js';
import { segmentFilter, type SegmentFilter } from './filter.js';

const now = new Date('2026-06-01T12:00:00Z');
const context = { now, currency: 'EUR' };
const compiled = (filter: SegmentFilter) => render(compileSegment(filter, context));

describe('compileSegment', () => {
  it.each<[string, SegmentFilter, string, unknown[]]>([
    ['no field: every active member', {}, "m.status = 'active'", ['EUR']],
    ['tiers', { tiers: ['gold', 'silver'] }, 't.tier_id = any($2::text[])', ['EUR', ['gold', 'silver']]],
    ['last order before, relative', { lastOrderBefore: { daysAgo: 60 } }, 's.last_order_at < $2::timestamptz', ['EUR', new Date('2026-04-02T12:00:00Z')]],
    ['last order after, absolute', { lastOrderAfter: { at: '2026-01-01T00:00:00Z' } }, 's.last_order_at >= $2::timestamptz', ['EUR', new Date('2026-01-01T00:00:00Z')]],
    ['orders at least', { ordersAtLeast: 3 }, 'coalesce(s.orders, 0) >= $2::int', ['EUR', 3]],
    ['orders at most (never ordered counts as 0)', { ordersAtMost: 0 }, 'coalesce(s.orders, 0) <= $2::int', ['EUR', 0]],
    ['spend at least', { spendAtLeast: 50_000 }, 'coalesce(s.spend, 0) >= $2::int8', ['EUR', 50_000]],
    ['NPS class of the latest answer', { npsClass: 'detractor' }, 'limit 1) = $2::text', ['EUR', 'detractor']],
    ['marketing consent', { marketingConsent: true }, 'm.marketing_consent = $2::boolean', ['EUR', true]],
    ['tags (any of)', { tags: ['vip'] }, 'm.tags && $2::text[]', ['EUR', ['vip']]],
    ['currency of the filter wins', { currency: 'USD', ordersAtLeast: 1 }, 's.currency = $1::text', ['USD', 1]],
  ])('%s', (_name, filter, fragment, params) => {
    const { text, params: actual } = compiled(filter);
    expect(text).toContain(fragment);
    expect(text).not.toContain('rfm_cuts');
    expect(text).not.toContain('member_scores');
    expect(actual).toEqual(params);
  });

  it('P(alive): the scores joined once, banded with the cut-offs as parameters, only when asked for', () => {
    const { text, params } = compiled({ pAliveBands: ['at_risk', 'unscored'], pAliveAtMost: 0.5 });
    expect(text.match(/member_scores/g)).toHaveLength(1);
    expect(text).toContain('case when os.orders >= 2 then sc.p_alive end as p_alive');
    expect(text).toMatch(/\) pa\s+on pa.member_id = m.id/);
    expect(text).toContain('pa.p_alive <= $');
    expect(params).toEqual(['EUR', 'unscored', 0.7, 'likely_active', 0.3, 'uncertain', 0.1, 'at_risk', 0, 'likely_lost', ['at_risk', 'unscored'], 0.5]);
    expect(compiled({ pAliveAtLeast: 0.2 })).toMatchObject({ text: expect.stringContaining('pa.p_alive >= $2::float8'), params: ['EUR', 0.2] });
  });

  it('loyalty bands read the stored band through the same join', () => {
    const { text, params } = compiled({ loyaltyBands: ['loyal', 'advocate'] });
    expect(text.match(/member_scores/g)).toHaveLength(1);
    expect(text).toContain('pa.loyalty_band = any($2::text[])');
    expect(params).toEqual(['EUR', ['loyal', 'advocate']]);
  });

  it('RFM segments: cut points in one CTE ahead of the member scan', () => {
    const { text, params } = compiled({ rfmSegments: ['at_risk', 'cant_lose_them'] });
    expect(text.startsWith('with rfm_base as (')).toBe(true);
    expect(text.match(/percentile_disc/g)).toHaveLength(3);
    expect(text).toContain('r.segment = any($5::text[])');
    expect(params).toEqual([now, 'EUR', now, 'EUR', ['at_risk', 'cant_lose_them']]);
  });

  it('fields AND together', () => {
    const { text } = compiled({ tiers: ['gold'], marketingConsent: true, ordersAtLeast: 2 });
    expect(text.split(' and ').length).toBeGreaterThanOrEqual(4);
  });

  it('never puts a user value into the SQL text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (tail) => {
        const hostile = `x'); drop table members; --${tail}`;
        const filter = segmentFilter.parse({ tags: [hostile], tiers: [hostile] });
        const { text, params } = compiled(filter);
        expect(text).not.toContain('drop table');
        expect(params).toContainEqual(filter.tiers);
        expect(params).toContainEqual(filter.tags);
      }),
    );
  });
});

describe('segmentFilter', () => {
  it.each([
    ['unknown field', { tier: ['gold'] }],
    ['unknown RFM segment', { rfmSegments: ['vip'] }],
    ['moment with both forms', { lastOrderBefore: { at: '2026-01-01T00:00:00Z', daysAgo: 3 } }],
    ['negative spend', { spendAtLeast: -1 }],
    ['empty tier list', { tiers: [] }],
    ['unknown P(alive) band', { pAliveBands: ['lost'] }],
    ['P(alive) above 1', { pAliveAtLeast: 1.2 }],
    ['negative P(alive)', { pAliveAtMost: -0.1 }],
    ['unknown loyalty band', { loyaltyBands: ['fan'] }],
  ])('refuses %s', (_name, input) => {
    expect(segmentFilter.safeParse(input).success).toBe(false);
  });
});

describe('resolveMoment', () => {
  it.each([
    [{ daysAgo: 0 }, now],
    [{ daysAgo: 1 }, new Date('2026-05-31T12:00:00Z')],
    [{ at: '2025-12-24T18:00:00+01:00' }, new Date('2025-12-24T17:00:00Z')],
  ])('%j', (moment, expected) => {
    expect(resolveMoment(moment, now)).toEqual(expected);
  });
});
