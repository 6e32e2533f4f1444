// CLV fit over BENCH_CLV_MEMBERS (default 1M) simulated members: two years of acquisition, purchases
// recorded per day and same-day purchases collapsed, as real transaction data arrive. Times the fit
// itself (validation and compression, BG/NBD, Gamma-Gamma); the simulation is not timed.
import { fitBgNbd } from '../src/modules/analytics/clv/bgnbd.js';
import { fitGammaGamma } from '../src/modules/analytics/clv/gamma-gamma.js';
import { simulateCustomers } from '../src/modules/analytics/clv/simulate.js';
import { assertValidSummaries, compressSummaries } from '../src/modules/analytics/clv/summary.js';

const TRUTH = { bgnbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, gammaGamma: { p: 6, q: 4, v: 15 } };

export interface ClvBenchResult {
  members: number;
  groups: number;
  repeaters: number;
  compressSeconds: number;
  bgnbdSeconds: number;
  gammaGammaSeconds: number;
  seconds: number;
  fitted: { bgnbd: Record<string, number>; gammaGamma: Record<string, number> };
}

function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, (performance.now() - started) / 1000];
}

export function measureClvFit(members = 1_000_000): ClvBenchResult {
  const customers = simulateCustomers({ customers: members, ...TRUTH, maxT: 104, seed: 2026, grid: 1 / 7 });
  const [compressed, compressSeconds] = timed(() => {
    assertValidSummaries(customers);
    return compressSummaries(customers);
  });
  const [bgnbd, bgnbdSeconds] = timed(() => fitBgNbd(compressed));
  const [gammaGamma, gammaGammaSeconds] = timed(() => fitGammaGamma(customers));
  return {
    members,
    groups: compressed.count.length,
    repeaters: customers.filter((c) => c.frequency > 0).length,
    compressSeconds,
    bgnbdSeconds,
    gammaGammaSeconds,
    seconds: compressSeconds + bgnbdSeconds + gammaGammaSeconds,
    fitted: { bgnbd: { ...bgnbd }, gammaGamma: { ...gammaGamma } },
  };
}

const round = (value: number) => Number(value.toPrecision(4));

export function describeClvFit(result: ClvBenchResult): string {
  const { bgnbd, gammaGamma } = result.fitted;
  return (
    `CLV fit of ${result.members.toLocaleString('en')} members: ${result.seconds.toFixed(1)} s (target < 10) = ` +
    `validate + compress ${result.compressSeconds.toFixed(2)} s (${result.groups.toLocaleString('en')} groups), ` +
    `BG/NBD ${result.bgnbdSeconds.toFixed(2)} s, Gamma-Gamma ${result.gammaGammaSeconds.toFixed(2)} s (${result.repeaters.toLocaleString('en')} repeaters)\n` +
    `    fitted r ${round(bgnbd.r!)} α ${round(bgnbd.alpha!)} a ${round(bgnbd.a!)} b ${round(bgnbd.b!)}, p ${round(gammaGamma.p!)} q ${round(gammaGamma.q!)} v ${round(gammaGamma.v!)}` +
    ` (simulated from r 0.25 α 4 a 0.8 b 2.5, p 6 q 4 v 15; day-level dates bias them slightly)`
  );
}

if (process.argv[1]?.endsWith('clv.ts')) console.log(describeClvFit(measureClvFit(Number(process.env.BENCH_CLV_MEMBERS ?? 1_000_000))));
