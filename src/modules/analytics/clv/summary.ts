// The per-customer RFM summary both models read, its validation, and its compression.
import { ClvError } from './errors.js';

/** The columns of a `clv fit --summary` file, one row per customer. */
export const SUMMARY_COLUMNS = ['customer_id', 'frequency', 'recency', 'T', 'monetary_value'] as const;

/** Days per unit of model time; a month is a twelfth of the mean Gregorian year. */
export const TIME_UNIT_DAYS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type TimeUnit = keyof typeof TIME_UNIT_DAYS;
export const TIME_UNITS = Object.keys(TIME_UNIT_DAYS) as TimeUnit[];

/**
 * One customer over the calibration period, in the time unit of the fit (lifetimes' convention):
 * `frequency` repeat purchases (purchase days after the first), `recency` from the first to the
 * last purchase, `T` from the first purchase to the end of calibration, `monetaryValue` the mean
 * amount of the repeat purchases (0 when there are none).
 */
export interface CustomerSummary {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

/** What is wrong with a summary, in words, or null when the models can use it. */
export function summaryProblem(s: Omit<CustomerSummary, 'customerId'>): string | null {
  const fields = { frequency: s.frequency, recency: s.recency, T: s.T, monetary_value: s.monetaryValue };
  for (const [name, value] of Object.entries(fields)) {
    if (!Number.isFinite(value)) return `${name} must be a finite number`;
    if (value < 0) return `${name} must not be negative (${value})`;
  }
  if (!Number.isInteger(s.frequency)) return `frequency must be a whole number of repeat purchases (${s.frequency})`;
  if (s.recency > s.T) return `recency (${s.recency}) must not exceed T (${s.T})`;
  if (s.frequency === 0 && s.recency !== 0) return `recency must be 0 without repeat purchases (${s.recency})`;
  if (s.frequency > 0 && s.monetaryValue === 0) return 'monetary_value must be positive for a repeat customer';
  return null;
}

/** Throws `clv_invalid_row` naming the first unusable customer. */
export function assertValidSummaries(summaries: readonly CustomerSummary[]): void {
  for (const s of summaries) {
    const problem = summaryProblem(s);
    if (problem) throw new ClvError('clv_invalid_row', `customer ${s.customerId}: ${problem}`);
  }
}

/**
 * Customers grouped by identical (frequency, recency, T), each group weighted by its size: the
 * BG/NBD likelihood depends on nothing else, so one term per group gives the same sum.
 */
export interface CompressedSummaries {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  count: Float64Array;
  customers: number;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** Folds the bits of a double into a 32-bit hash (+0 added so that −0 and 0 agree). */
function mix(hash: number, value: number): number {
  scratch[0] = value + 0;
  hash = Math.imul(hash ^ scratchWords[0]!, 0x9e3779b1);
  hash = Math.imul(hash ^ scratchWords[1]!, 0x85ebca6b);
  return hash ^ (hash >>> 15);
}

/**
 * Groups by an open-addressing hash table on the three numbers (string keys cost ~2 µs a customer,
 * the largest part of a million-customer fit).
 */
export function compressSummaries(summaries: readonly Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>[]): CompressedSummaries {
  const n = summaries.length;
  const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, 2 * n)));
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const count = new Float64Array(n);
  let groups = 0;
  for (const s of summaries) {
    let slot = mix(mix(mix(0x811c9dc5, s.frequency), s.recency), s.T) & mask;
    for (;;) {
      const group = slots[slot]!;
      if (group === -1) {
        slots[slot] = groups;
        frequency[groups] = s.frequency;
        recency[groups] = s.recency;
        T[groups] = s.T;
        count[groups] = 1;
        groups += 1;
        break;
      }
      if (frequency[group] === s.frequency && recency[group] === s.recency && T[group] === s.T) {
        count[group]! += 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return {
    frequency: frequency.slice(0, groups),
    recency: recency.slice(0, groups),
    T: T.slice(0, groups),
    count: count.slice(0, groups),
    customers: n,
  };
}
