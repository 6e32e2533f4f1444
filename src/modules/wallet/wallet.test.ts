import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signInvitationToken } from '../feedback/tokens.js';
import { soonestExpiry } from './expiry.js';
import { signWalletToken, verifyWalletToken } from './tokens.js';

describe('wallet tokens', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const now = new Date('2026-06-01T12:00:00Z');
  const expires = new Date('2026-06-02T12:00:00Z');
  const memberId = 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t';

  it('verifies what it signed until it expires', () => {
    const token = signWalletToken(secret, memberId, expires);
    expect(verifyWalletToken(secret, token, now)).toEqual({ ok: true, memberId });
    expect(verifyWalletToken(secret, token, expires)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a survey link token signed with the same key, and any edit', () => {
    expect(verifyWalletToken(secret, signInvitationToken(secret, 'inv_01jd3x8k2q9v7c4m5n6p7r8s9t', expires), now)).toEqual({ ok: false, reason: 'forged' });
    const [id, exp, mac] = signWalletToken(secret, memberId, expires).split('.') as [string, string, string];
    for (const forged of [`mem_01jd3x8k2q9v7c4m5n6p7r8s9v.${exp}.${mac}`, `${id}.${Number(exp) + 60}.${mac}`, `${id}.${exp}`, '']) {
      expect(verifyWalletToken(secret, forged, now)).toEqual({ ok: false, reason: 'forged' });
    }
  });
});

describe('soonestExpiry', () => {
  it.each([
    [[], null],
    [[{ points: 10, expiresAt: null }], null],
    [[{ points: 40, expiresAt: '2026-07-01T00:00:00.000Z' }, { points: 10, expiresAt: null }], { points: 40, on: '2026-07-01' }],
    [[{ points: 5, expiresAt: '2026-08-01T00:00:00.000Z' }, { points: 7, expiresAt: '2026-07-01T09:00:00.000Z' }, { points: 3, expiresAt: '2026-07-01T18:00:00.000Z' }], { points: 10, on: '2026-07-01' }],
    [[{ points: 0, expiresAt: '2026-06-01T00:00:00.000Z' }, { points: 2, expiresAt: '2026-09-01T00:00:00.000Z' }], { points: 2, on: '2026-09-01' }],
  ])('%j → %j', (lots, expected) => {
    expect(soonestExpiry(lots)).toEqual(expected);
  });

  it('never reports more points than the lots hold, nor a day later than any expiring lot', () => {
    const lot = fc.record({ points: fc.integer({ min: 0, max: 1e6 }), expiresAt: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString())) });
    fc.assert(
      fc.property(fc.array(lot), (lots) => {
        const result = soonestExpiry(lots);
        const expiring = lots.filter((l) => l.expiresAt !== null && l.points > 0);
        if (expiring.length === 0) {
          expect(result).toBeNull();
          return;
        }
        expect(result!.points).toBeLessThanOrEqual(expiring.reduce((sum, l) => sum + l.points, 0));
        for (const l of expiring) expect(result!.on <= l.expiresAt!.slice(0, 10)).toBe(true);
      }),
    );
  });
});
