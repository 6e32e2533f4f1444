import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntrants, entriesHashOf, seedHashOf, type Entrant } from './commitments.js';
import { drawWinners, SeedStream } from './selection.js';

const seedOf = (label: string) => createHash('sha256').update(label).digest('hex');
const SEED = seedOf('fidelis test seed');

const entrantList = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^mem_[a-z0-9]{4}$/), fc.integer({ min: 1, max: 50 })), { selector: ([id]) => id, minLength: 0, maxLength: 40 })
  .map((pairs) => canonicalEntrants(pairs.map(([memberId, entries]) => ({ memberId, entries }))));
const seed = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const levels = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }) }), { maxLength: 4 });

describe('commitments', () => {
  it('hashes the seed bytes and the canonical list (published test vectors)', () => {
    expect(seedHashOf('00'.repeat(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
    expect(entriesHashOf([])).toBe(createHash('sha256').update('').digest('hex'));
    expect(entriesHashOf([{ memberId: 'mem_a', tickets: 2 }, { memberId: 'mem_b', tickets: 1 }])).toBe(createHash('sha256').update('mem_a 2\nmem_b 1\n').digest('hex'));
  });

  it.each([
    ['sums a member’s rows', [{ memberId: 'mem_b', entries: 2 }, { memberId: 'mem_b', entries: 3 }], [{ memberId: 'mem_b', tickets: 5 }]],
    ['orders members by id', [{ memberId: 'mem_c', entries: 1 }, { memberId: 'mem_a', entries: 1 }], [{ memberId: 'mem_a', tickets: 1 }, { memberId: 'mem_c', tickets: 1 }]],
    ['leaves out members without tickets', [{ memberId: 'mem_a', entries: 0 }], []],
  ])('canonical list: %s', (_, rows, expected) => {
    expect(canonicalEntrants(rows)).toEqual(expected);
  });

  it('the canonical list does not depend on the order rows arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ memberId: fc.constantFrom('mem_a', 'mem_b', 'mem_c'), entries: fc.integer({ min: 1, max: 9 }) })), (rows) => {
        expect(entriesHashOf(canonicalEntrants([...rows].reverse()))).toBe(entriesHashOf(canonicalEntrants(rows)));
      }),
    );
  });
});

describe('seed stream', () => {
  it('stays below the bound, and below(1) is always 0', () => {
    const stream = new SeedStream(SEED);
    for (let i = 0; i < 200; i++) {
      const value = stream.below(7);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(7);
    }
    expect(new SeedStream(SEED).below(1)).toBe(0);
  });
});

describe('drawWinners', () => {
  const four: Entrant[] = [
    { memberId: 'mem_a', tickets: 1 },
    { memberId: 'mem_b', tickets: 2 },
    { memberId: 'mem_c', tickets: 3 },
    { memberId: 'mem_d', tickets: 4 },
  ];

  it('is pinned for a known seed: the published algorithm must not drift', () => {
    expect(drawWinners(SEED, four, { levels: [{ quantity: 1 }, { quantity: 2 }], consolation: true })).toEqual([
      { position: 0, memberId: 'mem_b', level: 0 },
      { position: 1, memberId: 'mem_a', level: 1 },
      { position: 2, memberId: 'mem_d', level: 1 },
      { position: 3, memberId: 'mem_c', level: 2 },
    ]);
  });

  it('agrees with a plain linear scan of the tickets (the tree is only a speed-up)', () => {
    const naive = (s: string, entrants: readonly Entrant[], lv: readonly { quantity: number }[]) => {
      const stream = new SeedStream(s);
      const left = [...entrants];
      const out: string[] = [];
      for (const level of lv) {
        for (let k = 0; k < level.quantity && left.length > 0; k++) {
          let ticket = stream.below(left.reduce((sum, e) => sum + e.tickets, 0));
          const index = left.findIndex((e) => (ticket -= e.tickets) < 0);
          out.push(left.splice(index, 1)[0]!.memberId);
        }
      }
      return out;
    };
    fc.assert(
      fc.property(seed, entrantList, levels, (s, entrants, lv) => {
        expect(drawWinners(s, entrants, { levels: lv, consolation: false }).map((w) => w.memberId)).toEqual(naive(s, entrants, lv));
      }),
    );
  });

  it.each([
    ['no entrants', [], { levels: [{ quantity: 3 }], consolation: true }, 0],
    ['more prizes than members: the rest stay unawarded', four, { levels: [{ quantity: 10 }], consolation: false }, 4],
    ['prize levels only: no one else gets anything', four, { levels: [{ quantity: 1 }], consolation: false }, 1],
    ['consolation only: everyone', four, { levels: [], consolation: true }, 4],
  ])('%s', (_, entrants, prizes, count) => {
    expect(drawWinners(SEED, entrants, prizes)).toHaveLength(count);
  });

  it('with a consolation prize, every entrant gets exactly one prize level', () => {
    fc.assert(
      fc.property(seed, entrantList, levels, (s, entrants, lv) => {
        const winners = drawWinners(s, entrants, { levels: lv, consolation: true });
        expect(winners.map((w) => w.memberId).sort()).toEqual(entrants.map((e) => e.memberId).sort());
        const prizes = lv.reduce((sum, l) => sum + l.quantity, 0);
        expect(winners.filter((w) => w.level < lv.length)).toHaveLength(Math.min(prizes, entrants.length));
      }),
    );
  });

  it('winners are distinct, positions run 0…n-1, levels are drawn in order', () => {
    fc.assert(
      fc.property(seed, entrantList, levels, fc.boolean(), (s, entrants, lv, consolation) => {
        const winners = drawWinners(s, entrants, { levels: lv, consolation });
        expect(new Set(winners.map((w) => w.memberId)).size).toBe(winners.length);
        expect(winners.map((w) => w.position)).toEqual(winners.map((_, i) => i));
        expect(winners.map((w) => w.level)).toEqual([...winners.map((w) => w.level)].sort((a, b) => a - b));
      }),
    );
  });

  it('is deterministic: the same inputs give the same winners', () => {
    fc.assert(
      fc.property(seed, entrantList, levels, (s, entrants, lv) => {
        expect(drawWinners(s, entrants, { levels: lv, consolation: true })).toEqual(drawWinners(s, entrants, { levels: lv, consolation: true }));
      }),
    );
  });

  it('another seed gives another result', () => {
    const many = canonicalEntrants(Array.from({ length: 20 }, (_, i) => ({ memberId: `mem_${String(i).padStart(2, '0')}`, entries: 1 })));
    const prizes = { levels: Array.from({ length: 5 }, () => ({ quantity: 1 })), consolation: false };
    fc.assert(
      fc.property(seed, seed, (a, b) => {
        fc.pre(a !== b);
        expect(drawWinners(a, many, prizes)).not.toEqual(drawWinners(b, many, prizes));
      }),
    );
  });

  it('a member’s chance of the grand prize is proportional to their tickets (2,000 fixed seeds)', () => {
    const wins = new Map<string, number>();
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const [first] = drawWinners(seedOf(`seed ${i}`), four, { levels: [{ quantity: 1 }], consolation: false });
      wins.set(first!.memberId, (wins.get(first!.memberId) ?? 0) + 1);
    }
    // Shares 10%, 20%, 30%, 40%; ±3.5 points is more than four standard deviations at this sample size.
    for (const entrant of four) expect(Math.abs((wins.get(entrant.memberId) ?? 0) / runs - entrant.tickets / 10)).toBeLessThan(0.035);
  });
});
