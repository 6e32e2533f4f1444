// Customers drawn from known BG/NBD and Gamma-Gamma parameters with a seeded generator: the ground
// truth for parameter-recovery tests and the benchmark's cohort.
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import type { CustomerSummary } from './summary.js';

/** sfc32 seeded through splitmix32: fast, 128-bit state, good enough for simulation. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let [a, b, c, d] = [splitmix(), splitmix(), splitmix(), splitmix()];
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return (t + 0.5) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shapes below 1 through Gamma(shape + 1)·U^(1/shape). */
function gammaVariate(random: () => number, shape: number): number {
  if (shape < 1) return gammaVariate(random, shape + 1) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export interface SimulationOptions {
  customers: number;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** Customers' ages T are uniform on (0, maxT]. */
  maxT: number;
  seed: number;
  /**
   * When set, times are recorded on a grid of this many time units (1/7 for days when the unit is a
   * week) as real transaction data are: T is a whole number of steps, each purchase falls in the
   * step it happened in, and purchases in the same step collapse into one.
   */
  grid?: number;
}

/**
 * Simulates the BG/NBD story per customer (λ ~ Gamma(r, α), p ~ Beta(a, b); exponential gaps;
 * drop-out with probability p after each repeat purchase) and Gamma-Gamma amounts (ν ~ Gamma(q, γ),
 * each amount ~ Gamma(p, ν)), and summarises each customer as the models read them.
 */
export function simulateCustomers(options: SimulationOptions): CustomerSummary[] {
  const { customers, maxT, seed, grid } = options;
  const { r, alpha, a, b } = options.bgnbd;
  const spend = options.gammaGamma;
  const random = seededRandom(seed);
  const result: CustomerSummary[] = new Array(customers);
  for (let i = 0; i < customers; i++) {
    const T = grid ? grid * Math.ceil((random() * maxT) / grid) : random() * maxT;
    const rate = gammaVariate(random, r) / alpha;
    const x1 = gammaVariate(random, a);
    const dropout = x1 / (x1 + gammaVariate(random, b));
    const spendRate = gammaVariate(random, spend.q) / spend.v;
    let t = 0;
    let frequency = 0;
    let recency = 0;
    let total = 0;
    for (;;) {
      t += -Math.log(random()) / rate;
      if (t > T) break;
      // min: T / grid may round to just above a whole number of steps.
      const at = grid ? Math.min(grid * Math.ceil(t / grid), T) : t;
      if (at !== recency) frequency += 1;
      recency = at;
      total += gammaVariate(random, spend.p) / spendRate;
      if (random() < dropout) break;
    }
    result[i] = { customerId: `c${i + 1}`, frequency, recency, T, monetaryValue: frequency === 0 ? 0 : total / frequency };
  }
  return result;
}
