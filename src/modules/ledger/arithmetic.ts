// Pure ledger arithmetic: integers only, no I/O, so it can be tested by tables and properties.

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency: EUR 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

/**
 * Points for an amount at the base rate, rounded down: a member never gets points for money not spent.
 * @example pointsForAmount(1999, 'EUR', 1) // 19
 */
export function pointsForAmount(amountMinor: number, currency: string, pointsPerMajorUnit: number): number {
  const scale = 10n ** BigInt(currencyDigits(currency));
  return Number((BigInt(amountMinor) * BigInt(pointsPerMajorUnit)) / scale);
}

/**
 * Splits `total` points over lines in proportion to their amounts by the largest-remainder method, so
 * the parts are integers that add up exactly to `total` and ties go to the earlier line.
 * @example attributePoints([150, 150, 150], 4) // [2, 1, 1]
 */
export function attributePoints(amounts: readonly number[], total: number): number[] {
  return attributeExactly(amounts, total) ?? attributeWithBigInt(amounts, total);
}

/**
 * ⌊n / d⌋ for non-negative safe integers, exactly, or null when `n` is not a safe integer (the float
 * quotient can round across an integer; the correction steps make it exact).
 */
export function floorDiv(n: number, d: number): number | null {
  if (!Number.isSafeInteger(n) || n < 0 || d <= 0) return null;
  let q = Math.floor(n / d);
  if (q * d > n) q -= 1;
  else if ((q + 1) * d <= n) q += 1;
  return q;
}

/** The same split in plain numbers when every product stays a safe integer (the common case, ~10× faster). */
function attributeExactly(amounts: readonly number[], total: number): number[] | null {
  let sum = 0;
  for (const amount of amounts) sum += amount;
  if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(sum * total) || amounts.some((a) => !Number.isSafeInteger(a * total))) return null;
  if (sum === 0 || total === 0) return amounts.map(() => 0);
  const shares = amounts.map((amount) => floorDiv(amount * total, sum)!);
  let left = total - shares.reduce((acc, share) => acc + share, 0);
  const order = amounts
    .map((amount, index) => ({ index, remainder: amount * total - shares[index]! * sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : b.remainder - a.remainder));
  for (const { index } of order) {
    if (left === 0) break;
    shares[index] = shares[index]! + 1;
    left -= 1;
  }
  return shares;
}

/** Exported for the test that holds the fast path to it. */
export function attributeWithBigInt(amounts: readonly number[], total: number): number[] {
  const sum = amounts.reduce((acc, amount) => acc + BigInt(amount), 0n);
  if (sum === 0n || total === 0) return amounts.map(() => 0);
  const exact = amounts.map((amount) => BigInt(amount) * BigInt(total));
  const shares = exact.map((value) => value / sum);
  let left = BigInt(total) - shares.reduce((acc, share) => acc + share, 0n);
  const order = exact
    .map((value, index) => ({ index, remainder: value % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    shares[index] = shares[index]! + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/**
 * Points to claw back when `refundQuantity` more units of a line are returned. Computed on the cumulative
 * refunded quantity, so refunding a line in several steps claws back exactly its points, never more.
 * @example clawbackForLine({ points: 10, quantity: 3, refundedQuantity: 0, clawedBack: 0 }, 1) // 3
 */
export function clawbackForLine(
  line: { points: number; quantity: number; refundedQuantity: number; clawedBack: number },
  refundQuantity: number,
): number {
  return shareOf(line.points, line.refundedQuantity + refundQuantity, line.quantity) - line.clawedBack;
}

/**
 * ⌊total × part / whole⌋ exactly: in BigInt, because total × part can pass 2^53 (a line may hold up
 * to 10^15 minor units), where floats round. Cumulative shares make stepwise refunds add up exactly.
 * @example shareOf(10, 1, 3) // 3
 */
export function shareOf(total: number, part: number, whole: number): number {
  return Number((BigInt(total) * BigInt(part)) / BigInt(whole));
}

export interface LotBalance {
  id: string;
  remaining: number;
}

export interface Allocation {
  lotId: string;
  points: number;
}

/**
 * Takes `points` from lots in the order given (callers pass soonest-expiring first).
 * Returns the allocations and what could not be covered.
 */
export function allocate(lots: readonly LotBalance[], points: number): { allocations: Allocation[]; shortfall: number } {
  const allocations: Allocation[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) {
      allocations.push({ lotId: lot.id, points: take });
      left -= take;
    }
  }
  return { allocations, shortfall: left };
}

const DAY_MS = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Calendar months in UTC, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** When a lot earned at `occurredAt` unlocks and expires, under the program's return window and expiry. */
export function lotSchedule(
  occurredAt: Date,
  program: { returnWindowDays: number; expiryMonths: number },
): { availableAt: Date; expiresAt: Date | null } {
  const availableAt = addDays(occurredAt, program.returnWindowDays);
  return { availableAt, expiresAt: program.expiryMonths > 0 ? addMonths(availableAt, program.expiryMonths) : null };
}
