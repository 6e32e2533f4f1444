// Samplers for the synthetic merchant, driven by a seeded uniform source so every run is the same. Pure.

export type Uniform = () => number;

/** A uniform in (0, 1]: safe under log. */
function open(random: Uniform): number {
  return 1 - random();
}

/** Standard normal by Box–Muller. */
export function normal(random: Uniform): number {
  return Math.sqrt(-2 * Math.log(open(random))) * Math.cos(2 * Math.PI * random());
}

/**
 * Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use Gamma(shape + 1) · U^(1/shape).
 * @example gamma(2, seededRandom(1)) // a positive number with mean 2 over many draws
 */
export function gamma(shape: number, random: Uniform): number {
  if (shape < 1) return gamma(shape + 1, random) * open(random) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = open(random);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) as a ratio of gammas. */
export function beta(a: number, b: number, random: Uniform): number {
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/** Exponential waiting time with the given rate. */
export function exponential(rate: number, random: Uniform): number {
  return -Math.log(open(random)) / rate;
}

/**
 * Expected repeat purchases in `t` under BG/NBD for one customer: Poisson purchases at rate `lambda`
 * while alive, and a drop-out with probability `p` after each purchase: (1 − e^(−λpt)) / p.
 * @example expectedRepeats(0.1, 0.5, 30) // (1 - e^-1.5) / 0.5 ≈ 1.55
 */
export function expectedRepeats(lambda: number, p: number, t: number): number {
  return -Math.expm1(-lambda * p * t) / p;
}

/**
 * The k > 0 with Σ f(k) = target for an increasing f, by bisection (to a relative 1e-6).
 * @example solveScale((k) => 2 * k, 10) // 5
 */
export function solveScale(total: (k: number) => number, target: number): number {
  if (target <= 0) return 0;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200 && total(high) < target; i++) high *= 2;
  for (let i = 0; i < 100 && high - low > high * 1e-6; i++) {
    const mid = (low + high) / 2;
    if (total(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
