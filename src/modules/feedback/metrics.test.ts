import { describe, expect, it } from 'vitest';
import { cesMean, csatPercent, npsClassOf, npsFromCounts, responseRatePercent, STANDARD_NPS_SCALE } from './metrics.js';

describe('NPS classes', () => {
  it.each([
    [0, 'detractor'], [6, 'detractor'], [7, 'passive'], [8, 'passive'], [9, 'promoter'], [10, 'promoter'],
  ] as const)('standard scale: %i is a %s', (score, expected) => {
    expect(npsClassOf(score, STANDARD_NPS_SCALE)).toBe(expected);
  });

  // The 1–10 seed: 1–6 critics, 7–8 neutral, 9–10 promoters.
  const oneToTen = { min: 1, max: 10, detractorMax: 6, passiveMax: 8 };
  it.each([
    [1, 'detractor'], [6, 'detractor'], [7, 'passive'], [8, 'passive'], [9, 'promoter'], [10, 'promoter'],
  ] as const)('1–10 scale: %i is a %s', (score, expected) => {
    expect(npsClassOf(score, oneToTen)).toBe(expected);
  });

  it('moves with configured bounds', () => {
    expect(npsClassOf(6, { min: 0, max: 10, detractorMax: 5, passiveMax: 7 })).toBe('passive');
    expect(npsClassOf(8, { min: 0, max: 10, detractorMax: 5, passiveMax: 7 })).toBe('promoter');
  });
});

describe('NPS with 95% confidence interval (hand-computed)', () => {
  // var = (pP + pD − (pP − pD)²)/n; CI = NPS ± 1.96·√var, clamped to ±100, one decimal.
  it.each([
    // promoters, passives, detractors → nps, low, high
    [50, 30, 20, 30, 14.7, 45.3],
    [9, 0, 1, 80, 42.8, 100],
    [120, 200, 80, 10, 3.1, 16.9],
    [0, 0, 5, -100, -100, -100],
    [1, 0, 1, 0, -100, 100],
  ])('P=%i Pa=%i D=%i → NPS %d, CI [%d, %d]', (promoters, passives, detractors, nps, low, high) => {
    const figure = npsFromCounts({ promoters, passives, detractors });
    expect(figure.responses).toBe(promoters + passives + detractors);
    expect(figure.nps).toBe(nps);
    expect(figure.ci95).toEqual({ low, high });
  });

  it('has no score without responses', () => {
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toMatchObject({ responses: 0, nps: null, ci95: null });
  });

  it('narrows as n grows, around the same score', () => {
    const small = npsFromCounts({ promoters: 5, passives: 3, detractors: 2 });
    const large = npsFromCounts({ promoters: 500, passives: 300, detractors: 200 });
    expect(small.nps).toBe(large.nps);
    expect(large.ci95!.high - large.ci95!.low).toBeLessThan((small.ci95!.high - small.ci95!.low) / 5);
  });
});

describe('CSAT, CES, response rate', () => {
  it('CSAT is the share of 4–5 answers', () => {
    expect(csatPercent(7, 9)).toBe(77.8);
    expect(csatPercent(0, 4)).toBe(0);
    expect(csatPercent(0, 0)).toBeNull();
  });

  it('CES is the mean', () => {
    expect(cesMean(38, 7)).toBe(5.43);
    expect(cesMean(0, 0)).toBeNull();
  });

  it('response rate is responses per invitation sent', () => {
    expect(responseRatePercent(30, 120)).toBe(25);
    expect(responseRatePercent(0, 0)).toBeNull();
  });
});
