import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growthOverTime, type MembershipChanges } from './member-growth.js';
import { periodStarts } from './period.js';

const DAY = 86_400_000;
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('members over time', () => {
  it('works back from today: joins and erasures after the period, then week by week', () => {
    // 10 members now; since 2026-10-01: 3 joined and 1 left in the week of 09-28, 2 joined in the week of 10-12,
    // and after the period 4 joined and 2 were erased.
    const changes: MembershipChanges[] = [
      { change: 'joined', period: '2026-09-28', members: 3 },
      { change: 'left', period: '2026-09-28', members: 1 },
      { change: 'joined', period: '2026-10-12', members: 2 },
      { change: 'joined', period: null, members: 4 },
      { change: 'left', period: null, members: 2 },
    ];
    expect(growthOverTime(changes, 10, d('2026-10-01'), d('2026-10-15'), 'week')).toEqual({
      membersAtStart: 4,
      membersAtEnd: 8,
      joined: 5,
      left: 1,
      trend: [
        { period: '2026-09-28', joined: 3, left: 1, members: 6 },
        { period: '2026-10-05', joined: 0, left: 0, members: 6 },
        { period: '2026-10-12', joined: 2, left: 0, members: 8 },
      ],
    });
  });

  it('matches counting each member directly at every interval’s end', () => {
    const from = d('2026-03-10');
    const to = d('2026-06-20');
    const day = fc.integer({ min: 0, max: 200 }).map((n) => new Date(d('2026-01-01').getTime() + n * DAY + 3_600_000));
    const member = fc.record({ joined: day, erasedAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 40 }), fc.constantFrom('week' as const, 'month' as const), (people, interval) => {
        const lives = people.map((p) => ({ joined: p.joined, erased: p.erasedAfter === null ? null : new Date(p.joined.getTime() + p.erasedAfter * DAY) }));
        const startOf = (at: Date) => (at < to ? periodStarts(at, new Date(at.getTime() + 1), interval)[0]! : null);
        // What the statement returns: changes since `from`, one row per change and period.
        const changes: MembershipChanges[] = lives.flatMap(({ joined, erased }) => [
          ...(joined >= from ? [{ change: 'joined' as const, period: startOf(joined), members: 1 }] : []),
          ...(erased && erased >= from ? [{ change: 'left' as const, period: startOf(erased), members: 1 }] : []),
        ]);
        const membersAt = (at: Date) => lives.filter((l) => l.joined < at && !(l.erased && l.erased < at)).length;
        const growth = growthOverTime(changes, lives.filter((l) => l.erased === null).length, from, to, interval);
        const starts = growth.trend.map((t) => d(t.period));
        expect(growth.trend.map((t) => t.members)).toEqual(starts.map((_, i) => membersAt(starts[i + 1] ?? to)));
        expect([growth.membersAtStart, growth.membersAtEnd]).toEqual([membersAt(from), membersAt(to)]);
      }),
    );
  });
});
