// A synthetic speciality-coffee chain at any scale, as import rows: members and order lines that
// `fidelis import` reads. Purchases follow the BG/NBD story the CLV models assume: each member buys
// at their own Poisson rate (gamma-distributed across members) and, after each repeat purchase,
// drops out with their own probability (beta-distributed). A December peak, six stores with their
// staff, brands within categories and some discounted lines. Pure and seeded: the same options give
// the same rows, byte for byte.
import { beta, expectedRepeats, exponential, gamma, solveScale, type Uniform } from './distributions.js';
import { FIRST, LAST, LOCALES, seededRandom } from './generate.js';

export interface SyntheticOptions {
  members: number;
  /** About this many orders in total (first purchases plus repeats). */
  orders: number;
  seed: number;
  /** Orders happen before this instant; members joined over the `years` before it. */
  end: Date;
  years: number;
  currency: string;
  /** Sales to customers who are not members, after the members' orders (empty member_external_id). Default none. */
  nonMemberOrders?: number;
}

const DAY = 86_400_000;
/** Heterogeneity of purchase rates (gamma shape) and of drop-out (beta a, b), near the CDNOW estimates. */
const RATE_SHAPE = 0.25;
const DROPOUT = { a: 0.8, b: 2.4 };
/** Nobody stays forever: without a floor a few members would buy thousands of times. */
const MIN_DROPOUT = 0.01;
/** Share of members who ever buy (the rest enrolled and never came). */
const BUYER_SHARE = 0.92;
/** Relative demand by month, January first: a December peak and a summer dip. */
const SEASON = [0.9, 0.85, 0.95, 1, 1, 0.9, 0.8, 0.8, 0.95, 1.05, 1.2, 1.6];
const SEASON_MAX = Math.max(...SEASON);
const SEASON_MEAN = SEASON.reduce((a, b) => a + b, 0) / SEASON.length;

export const STORES = ['vienna-1', 'vienna-2', 'graz-1', 'linz-1', 'salzburg-1', 'online'];
const STAFF_PER_STORE = 5;

interface Product {
  sku: string;
  category: string;
  brand: string;
  price: number;
}

/** Categories with their brands, each brand with a few products at rising prices (minor units). */
const RANGE: [category: string, weight: number, brands: string[], prices: number[]][] = [
  ['coffee', 40, ['House', 'Barista Select'], [290, 420, 480]],
  ['bakery', 20, ['House Bakery', 'Huber'], [280, 350, 590]],
  ['tea', 10, ['Twinings', 'Dilmah', 'Sonnentor'], [350, 420]],
  ['beans', 15, ['House Roast', 'Lavazza', 'Illy', 'Segafredo'], [990, 1490, 1890]],
  ['equipment', 5, ['Bialetti', 'Hario', "De'Longhi"], [2490, 3990, 8990]],
  ['gifts', 10, ['House', 'Hario'], [1290, 2400]],
];

export const CATALOG: { product: Product; weight: number }[] = RANGE.flatMap(([category, weight, brands, prices]) =>
  brands.flatMap((brand, b) =>
    prices.map((price, p) => ({
      product: { sku: `${category.slice(0, 3).toUpperCase()}-${b + 1}${p + 1}`, category, brand, price: price + b * 20 },
      weight: weight / brands.length / prices.length,
    })),
  ),
);
const CATALOG_WEIGHT = CATALOG.reduce((sum, item) => sum + item.weight, 0);

/** A member's own stream of random numbers: member i's rows do not depend on how many came before. */
function memberRandom(seed: number, index: number): Uniform {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return seededRandom(h ^ (h >>> 15));
}

interface MemberTraits {
  joinedAt: number;
  buys: boolean;
  /** Gamma draw before scaling: the purchase rate per day is `scale * rate`. */
  rate: number;
  dropout: number;
  homeStore: number;
}

/** The traits come first from each member's stream, so both passes (members, orders) agree. */
function traits(options: SyntheticOptions, index: number, random: Uniform): MemberTraits {
  const end = options.end.getTime();
  const span = options.years * 365 * DAY;
  // More members joined recently than long ago (a growing programme): density rising linearly in time.
  const joinedAt = end - span + Math.floor(Math.sqrt(random()) * (span - DAY));
  return {
    joinedAt,
    buys: random() < BUYER_SHARE,
    rate: gamma(RATE_SHAPE, random),
    dropout: Math.max(MIN_DROPOUT, beta(DROPOUT.a, DROPOUT.b, random)),
    homeStore: Math.floor(random() * STORES.length),
  };
}

/**
 * The scale of purchase rates that makes the expected total come to `options.orders`: first
 * purchases plus Σ expected repeats (BG/NBD, closed form), solved by bisection.
 */
export function rateScale(options: SyntheticOptions): number {
  const buyers: { rate: number; dropout: number; days: number }[] = [];
  for (let i = 0; i < options.members; i++) {
    const t = traits(options, i, memberRandom(options.seed, i));
    if (t.buys) buyers.push({ rate: t.rate, dropout: t.dropout, days: (options.end.getTime() - t.joinedAt) / DAY });
  }
  const repeats = options.orders - buyers.length;
  return solveScale((k) => buyers.reduce((sum, b) => sum + expectedRepeats(k * b.rate, b.dropout, b.days), 0), repeats);
}

export const SYNTHETIC_MEMBER_COLUMNS = ['external_id', 'email', 'phone', 'name', 'birthday', 'locale', 'marketing_consent'];
export const SYNTHETIC_ORDER_COLUMNS = [
  'order_id', 'member_external_id', 'occurred_at', 'line_id', 'sku', 'category', 'brand', 'quantity', 'unit_price', 'currency', 'store_id', 'staff_id', 'discount',
];

function externalId(index: number): string {
  return `M${String(index + 1).padStart(7, '0')}`;
}

/** Member rows, in `SYNTHETIC_MEMBER_COLUMNS` order. */
export function* syntheticMembers(options: SyntheticOptions): Generator<string[]> {
  for (let i = 0; i < options.members; i++) {
    const random = memberRandom(options.seed, i);
    traits(options, i, random);
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const slug = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const birthday = `${1950 + Math.floor(random() * 55)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
    yield [
      externalId(i),
      random() < 0.9 ? `${slug}.${i + 1}@example.com` : '',
      random() < 0.4 ? `+43664${String(i + 1).padStart(8, '0')}` : '',
      `${first} ${last}`,
      random() < 0.7 ? birthday : '',
      LOCALES[Math.floor(random() * LOCALES.length)]!,
      random() < 0.6 ? 'true' : 'false',
    ];
  }
}

/**
 * Order lines, member by member (each member's orders in time order, the lines of an order together),
 * in `SYNTHETIC_ORDER_COLUMNS` order, then the non-members' sales. `scale` comes from `rateScale`.
 */
export function* syntheticOrderLines(options: SyntheticOptions, scale: number): Generator<string[]> {
  const end = options.end.getTime();
  for (let i = 0; i < options.members; i++) {
    const random = memberRandom(options.seed, i);
    const member = traits(options, i, random);
    if (!member.buys) continue;
    const times = purchaseTimes(member, scale, end, random);
    for (const [n, at] of times.entries()) yield* orderLines(options, { orderId: `${externalId(i)}-${n + 1}`, member: externalId(i), at, store: homeOrAway(member.homeStore, random) }, random);
  }
  yield* nonMemberOrderLines(options);
}

/**
 * Walk-in sales over the whole span, as seasonal as the members' (thinned by month), at any store.
 * Each sale has its own random stream, numbered after the members', so adding them leaves every
 * member's rows as they were.
 */
function* nonMemberOrderLines(options: SyntheticOptions): Generator<string[]> {
  const end = options.end.getTime();
  const span = options.years * 365 * DAY;
  for (let i = 0; i < (options.nonMemberOrders ?? 0); i++) {
    const random = memberRandom(options.seed, options.members + i);
    let t = end - span + random() * span;
    while (random() * SEASON_MAX > SEASON[new Date(t).getUTCMonth()]!) t = end - span + random() * span;
    const at = openingHours(t, random);
    if (at >= end) continue;
    yield* orderLines(options, { orderId: `W${String(i + 1).padStart(7, '0')}`, member: '', at, store: Math.floor(random() * STORES.length) }, random);
  }
}

/** Mostly the member's home store. */
function homeOrAway(homeStore: number, random: Uniform): number {
  return random() < 0.85 ? homeStore : Math.floor(random() * STORES.length);
}

/**
 * The first purchase when the member joins, then repeats at `scale * rate` per day shaped by the
 * season (thinning: proposals at the peak rate, each kept with its month's share of the peak), and
 * after each repeat a drop-out with the member's probability.
 */
function purchaseTimes(member: MemberTraits, scale: number, end: number, random: Uniform): number[] {
  const times = [openingHours(member.joinedAt, random)];
  const peakRate = (scale * member.rate * SEASON_MAX) / SEASON_MEAN;
  let t = member.joinedAt;
  while (peakRate > 0) {
    t += exponential(peakRate, random) * DAY;
    if (t >= end) break;
    if (random() * SEASON_MAX > SEASON[new Date(t).getUTCMonth()]!) continue;
    const at = openingHours(t, random);
    if (at < end) times.push(at);
    if (random() < member.dropout) break;
  }
  return times;
}

/** The same day, between 07:00 and 19:59 UTC. */
function openingHours(t: number, random: Uniform): number {
  const day = t - (t % DAY);
  return day + (7 + Math.floor(random() * 13)) * 3_600_000 + Math.floor(random() * 3600) * 1000;
}

function* orderLines(options: SyntheticOptions, order: { orderId: string; member: string; at: number; store: number }, random: Uniform): Generator<string[]> {
  const { orderId, member, store } = order;
  const staff = `${STORES[store]}-staff-${1 + Math.floor(random() * STAFF_PER_STORE)}`;
  const occurredAt = new Date(order.at).toISOString();
  let lineCount = 1;
  while (lineCount < 8 && random() < 0.45) lineCount += 1;
  for (let line = 1; line <= lineCount; line++) {
    const { sku, category, brand, price } = pickProduct(random);
    const quantity = random() < 0.8 ? 1 : random() < 0.75 ? 2 : 3;
    const discount = random() < 0.08 ? Math.round((price * quantity * (1 + Math.floor(random() * 3))) / 10) : 0;
    yield [orderId, member, occurredAt, String(line), sku, category, brand, String(quantity), String(price), options.currency, STORES[store]!, staff, String(discount)];
  }
}

function pickProduct(random: Uniform): Product {
  let target = random() * CATALOG_WEIGHT;
  for (const item of CATALOG) {
    target -= item.weight;
    if (target < 0) return item.product;
  }
  return CATALOG[CATALOG.length - 1]!.product;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
