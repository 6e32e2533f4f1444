import { describe, expect, it } from 'vitest';
import { P_ALIVE_BANDS_TEXT, pAliveBandOf } from './p-alive.js';

describe('pAliveBandOf', () => {
  it.each([
    [0, 'likely_lost'],
    [0.0999, 'likely_lost'],
    [0.1, 'at_risk'],
    [0.2999, 'at_risk'],
    [0.3, 'uncertain'],
    [0.6999, 'uncertain'],
    [0.7, 'likely_active'],
    [1, 'likely_active'],
    [null, 'unscored'],
  ])('%s → %s', (pAlive, band) => {
    expect(pAliveBandOf(pAlive)).toBe(band);
  });

  it('documents the same cut-offs', () => {
    expect(P_ALIVE_BANDS_TEXT).toBe('likely_lost [0, 0.1), at_risk [0.1, 0.3), uncertain [0.3, 0.7), likely_active [0.7, 1]');
  });
});
