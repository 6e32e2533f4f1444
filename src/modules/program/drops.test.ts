import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessDecision, durationWords, utcMinute } from './drops.js';
import { tierLadder } from './tiers-contract.js';

const ladder = tierLadder.parse({
  basis: 'spend',
  window: { type: 'calendar_year' },
  tiers: [
    { id: 'member', name: 'Member', threshold: 0 },
    { id: 'silver', name: 'Silver', threshold: 25_000 },
    { id: 'gold', name: 'Gold', threshold: 50_000 },
    { id: 'platinum', name: 'Platinum', threshold: 150_000 },
  ],
});

const at = (iso: string) => new Date(iso);
const drop = {
  publicStartsAt: at('2026-12-03T09:00:00Z'),
  endsAt: at('2026-12-10T09:00:00Z'),
  earlyAccess: [
    { tier: 'gold', startsAt: at('2026-12-01T09:00:00Z') },
    { tier: 'silver', startsAt: at('2026-12-02T21:00:00Z') },
  ],
};

describe('accessDecision', () => {
  it.each([
    // tier, now, allowed, from, reason
    ['gold', '2026-11-30T09:00:00Z', false, '2026-12-01T09:00:00Z', 'Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone.'],
    ['gold', '2026-12-01T09:00:00Z', true, '2026-12-01T09:00:00Z', 'Gold members shop from 2026-12-01 09:00 UTC, 2 days before everyone.'],
    // Tiers are ordered: a window for Gold opens the drop to Platinum too.
    ['platinum', '2026-12-01T10:00:00Z', true, '2026-12-01T09:00:00Z', 'Platinum members shop from 2026-12-01 09:00 UTC, 2 days before everyone.'],
    ['silver', '2026-12-01T10:00:00Z', false, '2026-12-02T21:00:00Z', 'Silver members shop from 2026-12-02 21:00 UTC, 12 hours before everyone.'],
    ['member', '2026-12-02T22:00:00Z', false, '2026-12-03T09:00:00Z', 'Everyone shops from 2026-12-03 09:00 UTC; Silver members from 2026-12-02 21:00 UTC.'],
    ['member', '2026-12-03T09:00:00Z', true, '2026-12-03T09:00:00Z', 'Everyone shops from 2026-12-03 09:00 UTC; Silver members from 2026-12-02 21:00 UTC.'],
    [null, '2026-12-04T00:00:00Z', true, '2026-12-03T09:00:00Z', 'Everyone shops from 2026-12-03 09:00 UTC; Silver members from 2026-12-02 21:00 UTC.'],
    ['gold', '2026-12-10T09:00:00Z', false, '2026-12-01T09:00:00Z', 'The drop ended on 2026-12-10 09:00 UTC.'],
  ] as const)('%s at %s', (tier, now, allowed, from, reason) => {
    const decision = accessDecision(drop, ladder, tier, at(now));
    expect(decision).toEqual({ allowed, from: at(from), until: drop.endsAt, reason });
  });

  it('without a ladder, or for windows naming tiers no longer in it, everyone gets the public start', () => {
    expect(accessDecision(drop, null, null, at('2026-12-01T10:00:00Z'))).toMatchObject({ allowed: false, from: drop.publicStartsAt, reason: 'Everyone shops from 2026-12-03 09:00 UTC.' });
    const stale = { ...drop, earlyAccess: [{ tier: 'vip', startsAt: at('2026-12-01T09:00:00Z') }] };
    expect(accessDecision(stale, ladder, 'platinum', at('2026-12-01T10:00:00Z')).from).toEqual(drop.publicStartsAt);
  });

  it('an open-ended drop with no early access is simply public', () => {
    const plain = { publicStartsAt: drop.publicStartsAt, endsAt: null, earlyAccess: [] };
    expect(accessDecision(plain, ladder, 'gold', at('2027-06-01T00:00:00Z'))).toEqual({ allowed: true, from: drop.publicStartsAt, until: null, reason: 'Everyone shops from 2026-12-03 09:00 UTC.' });
  });

  it('a higher tier never starts later than a lower one, and nobody before the earliest window', () => {
    const tiers = ladder.tiers.map((t) => t.id);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...tiers), fc.integer({ min: 1, max: 30 * 24 })), { maxLength: 4 }), (windows) => {
        const unique = windows.filter(([tier], i) => windows.findIndex(([other]) => other === tier) === i);
        const audience = {
          publicStartsAt: drop.publicStartsAt,
          endsAt: null,
          earlyAccess: unique.map(([tier, hours]) => ({ tier, startsAt: new Date(drop.publicStartsAt.getTime() - hours * 3_600_000) })),
        };
        const starts = tiers.map((tier) => accessDecision(audience, ladder, tier, drop.publicStartsAt).from.getTime());
        for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeLessThanOrEqual(starts[i - 1]!);
        const earliest = Math.min(drop.publicStartsAt.getTime(), ...audience.earlyAccess.map((w) => w.startsAt.getTime()));
        expect(Math.min(...starts)).toBe(earliest);
      }),
    );
  });
});

describe('durationWords', () => {
  it.each([
    [2 * 86_400_000, '2 days'],
    [86_400_000 + 6 * 3_600_000, '1 day and 6 hours'],
    [86_400_000 + 6 * 3_600_000 + 5 * 60_000, '1 day and 6 hours'],
    [90 * 60_000, '1 hour and 30 minutes'],
    [60_000, '1 minute'],
    [59_999, 'less than a minute'],
  ])('%i ms → %s', (ms, words) => {
    expect(durationWords(ms)).toBe(words);
  });

  it('writes times to the minute in UTC', () => {
    expect(utcMinute(at('2026-12-01T09:00:59+01:00'))).toBe('2026-12-01 08:00 UTC');
  });
});
