import { describe, expect, it } from 'vitest';
import { MemberFactsCache, sameFacts, seenFacts } from './member-facts-cache.js';

const facts = (tierId: string | null, birthday: string | null = null) => ({ tierId, birthday, createdAt: new Date('2026-01-01T00:00:00Z') });

describe('MemberFactsCache', () => {
  it('forgets the member remembered longest ago once full; remembering again makes a member the newest', () => {
    const cache = new MemberFactsCache(2);
    cache.remember('m1', facts('gold'));
    cache.remember('m2', facts(null));
    cache.remember('m1', facts('silver'));
    cache.remember('m3', facts(null));
    expect(cache.get('m2')).toBeUndefined();
    expect(cache.get('m1')?.tierId).toBe('silver');
    expect(cache.size).toBe(2);
    cache.forget(['m1', 'unknown']);
    expect(cache.get('m1')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});

describe('MemberFactsCache.warm', () => {
  it('fills only free room and never replaces a member already remembered (that read is newer)', () => {
    const cache = new MemberFactsCache(3);
    cache.remember('m1', facts('silver'));
    const added = cache.warm([
      ['m1', facts(null)],
      ['m2', facts('gold')],
      ['m3', facts(null)],
      ['m4', facts('bronze')],
    ]);
    // Room for two: the two most recent buyers (m3, m4) get it, and m1's own read is kept.
    expect(added).toBe(2);
    expect(cache.get('m1')?.tierId).toBe('silver');
    expect(cache.get('m2')).toBeUndefined();
    expect(cache.get('m4')?.tierId).toBe('bronze');
    expect(cache.get('m3')?.tierId).toBe(null);
    expect(cache.size).toBe(3);
    expect(cache.warm([['m5', facts(null)]])).toBe(0);
  });
});

describe('sameFacts', () => {
  it('compares tier, birthday and join time; a member found and one not found differ', () => {
    expect(sameFacts(facts('gold', '1990-06-15'), facts('gold', '1990-06-15'))).toBe(true);
    expect(sameFacts(facts('gold'), facts(null))).toBe(false);
    expect(sameFacts(facts(null, '1990-06-15'), facts(null, '1990-07-15'))).toBe(false);
    expect(sameFacts(facts(null), { ...facts(null), createdAt: new Date('2026-01-02T00:00:00Z') })).toBe(false);
    expect(sameFacts(null, null)).toBe(true);
    expect(sameFacts(null, facts(null))).toBe(false);
    expect(seenFacts(facts('gold', '1990-06-15'))).toEqual({ tierId: 'gold', birthday: '1990-06-15' });
  });
});
