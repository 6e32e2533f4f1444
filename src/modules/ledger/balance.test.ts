import { describe, expect, it } from 'vitest';
import { balanceAsOf, type AccountFigures, type LiveLot } from './balance.js';

const ms = (iso: string) => new Date(iso).getTime();
const account = (figures: Partial<AccountFigures> = {}): AccountFigures => ({
  available: 0,
  pending: 0,
  debt: 0,
  lifetime_earned: 0,
  lifetime_spent: 0,
  lifetime_expired: 0,
  lifetime_clawed_back: 0,
  lifetime_adjusted: 0,
  ...figures,
});
const lot = (id: string, status: LiveLot['status'], remaining: number, availableAt: string, expiresAt: string | null): LiveLot => ({
  id,
  status,
  remaining,
  availableAt: ms(availableAt),
  expiresAt: expiresAt === null ? null : ms(expiresAt),
});
const now = new Date('2026-06-01T00:00:00Z');

describe('balanceAsOf', () => {
  it('returns the cached figures when nothing is due', () => {
    const lots = [lot('lot_b', 'pending', 7, '2026-06-10T00:00:00Z', '2027-06-10T00:00:00Z'), lot('lot_a', 'available', 5, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')];
    const balance = balanceAsOf('mem_x', account({ available: 5, pending: 7, lifetime_earned: 12 }), lots, now);
    expect(balance).toMatchObject({ available: 5, pending: 7, debt: 0, lifetime: { earned: 12, expired: 0 } });
    expect(balance.nextLots.map((l) => [l.lotId, l.status])).toEqual([
      ['lot_a', 'available'],
      ['lot_b', 'pending'],
    ]);
  });

  it('counts a pending lot as available from the exact millisecond its window ends', () => {
    const lots = [lot('lot_a', 'pending', 9, '2026-06-01T00:00:00Z', '2027-06-01T00:00:00Z')];
    expect(balanceAsOf('m', account({ pending: 9 }), lots, now)).toMatchObject({ available: 9, pending: 0 });
    expect(balanceAsOf('m', account({ pending: 9 }), lots, new Date(now.getTime() - 1))).toMatchObject({ available: 0, pending: 9 });
  });

  it('counts lapsed lots as expired and leaves them out of the next lots', () => {
    const lots = [lot('lot_a', 'available', 4, '2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z'), lot('lot_b', 'available', 6, '2025-02-01T00:00:00Z', null)];
    const balance = balanceAsOf('m', account({ available: 10, lifetime_expired: 1 }), lots, now);
    expect(balance).toMatchObject({ available: 6, lifetime: { expired: 5 } });
    expect(balance.nextLots).toEqual([{ lotId: 'lot_b', points: 6, status: 'available', availableAt: '2025-02-01T00:00:00.000Z', expiresAt: null }]);
  });

  it('a lot that both unlocks and lapses unseen leaves pending and never reaches available', () => {
    const lots = [lot('lot_a', 'pending', 3, '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z')];
    expect(balanceAsOf('m', account({ pending: 3 }), lots, now)).toMatchObject({ available: 0, pending: 0, lifetime: { expired: 3 } });
  });

  it('pays a debt from what unlocks, as maturing would', () => {
    const lots = [lot('lot_a', 'pending', 8, '2026-05-01T00:00:00Z', '2027-05-01T00:00:00Z')];
    // 10 owed, 8 unlock: 2 still owed, balance -2.
    expect(balanceAsOf('m', account({ available: -10, pending: 8, debt: 10 }), lots, now)).toMatchObject({ available: -2, pending: 0, debt: 2 });
    const more = [...lots, lot('lot_b', 'pending', 5, '2026-05-02T00:00:00Z', '2027-05-02T00:00:00Z')];
    expect(balanceAsOf('m', account({ available: -10, pending: 13, debt: 10 }), more, now)).toMatchObject({ available: 3, debt: 0 });
  });

  it('lists at most five lots, soonest-expiring first, never-expiring last, ties by id', () => {
    const lots = [
      lot('lot_f', 'available', 1, '2026-01-01T00:00:00Z', null),
      lot('lot_e', 'available', 1, '2026-01-01T00:00:00Z', '2026-09-01T00:00:00Z'),
      lot('lot_d', 'available', 1, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z'),
      lot('lot_c', 'available', 1, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z'),
      lot('lot_b', 'available', 0, '2026-01-01T00:00:00Z', '2026-06-15T00:00:00Z'),
      lot('lot_a', 'available', 1, '2026-01-01T00:00:00Z', '2026-08-01T00:00:00Z'),
      lot('lot_g', 'available', 1, '2026-01-01T00:00:00Z', '2026-10-01T00:00:00Z'),
    ];
    const ids = balanceAsOf('m', account({ available: 6 }), lots, now).nextLots.map((l) => l.lotId);
    expect(ids).toEqual(['lot_c', 'lot_d', 'lot_a', 'lot_e', 'lot_g']);
  });
});
