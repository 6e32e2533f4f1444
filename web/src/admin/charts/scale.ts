// Pure helpers the hand-drawn charts share: a colour ramp, round axis ticks, and label thinning.

const LIGHT = [238, 243, 248];
const DARK = [29, 53, 87]; // --brand

/**
 * A colour from light (0) to the brand blue (1), for heatmap cells. The ramp jumps over its middle,
 * where neither dark nor white text would reach 4.5:1 contrast.
 */
export function shade(t: number): string {
  const k = Math.min(1, Math.max(0, t));
  const mix = k < 0.5 ? k * 0.8 : 0.7 + (k - 0.5) * 0.6;
  const [r, g, b] = LIGHT.map((l, i) => Math.round(l + (DARK[i]! - l) * mix));
  return `rgb(${r} ${g} ${b})`;
}

/** Ink that stays readable (WCAG AA) on `shade(t)`. */
export function inkOn(t: number): string {
  return t >= 0.5 ? '#ffffff' : '#1b1f24';
}

/**
 * Round tick values covering min…max (about `count` of them).
 * @example ticks(0, 87, 4) // [0, 20, 40, 60, 80, 100]
 */
export function ticks(min: number, max: number, count = 4): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= raw)! * magnitude;
  const first = Math.floor(min / step) * step;
  const out: number[] = [];
  for (let v = first; v < max + step; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** Every n-th label index so that at most `room` labels show on an axis. */
export function labelStride(labels: number, room: number): number {
  return Math.max(1, Math.ceil(labels / Math.max(1, room)));
}
