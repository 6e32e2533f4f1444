// From raw transactions to customer summaries, lifetimes-style: purchases on the same calendar day
// collapse into one (their amounts add up), the first day is the customer's birth, and everything
// after the calibration end is held out.
import { ClvError } from './errors.js';
import { TIME_UNIT_DAYS, type CustomerSummary, type TimeUnit } from './summary.js';

export interface Transaction {
  customerId: string;
  /** Days since 1970-01-01 (see `calendarDay`). */
  day: number;
  amount: number;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/**
 * The calendar date written at the start of `text` (`2026-03-01` or `2026-03-01T18:30:00+01:00`)
 * as days since 1970-01-01, or null. The date is taken as written: a purchase belongs to the
 * merchant's day it was recorded on, whatever the time zone.
 */
export function calendarDay(text: string): number | null {
  const match = DATE.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/**
 * Accumulates transactions one at a time (so a reader can stream a file of any size into it) and
 * then gives each customer's summary as of `calibrationEndDay` (inclusive), in `timeUnit`.
 */
export class TransactionSummarizer {
  private readonly days = new Map<string, number[]>();
  private readonly amounts = new Map<string, number[]>();

  constructor(
    private readonly calibrationEndDay: number,
    private readonly timeUnit: TimeUnit,
  ) {}

  /** `where` names the transaction in an error (`line 12`). */
  add(transaction: Transaction, where = `customer ${transaction.customerId}`): void {
    const { customerId, day, amount } = transaction;
    if (customerId === '') throw new ClvError('clv_invalid_row', `${where}: customer id is empty`);
    if (!Number.isInteger(day)) throw new ClvError('clv_invalid_row', `${where}: not a calendar day`);
    if (!(Number.isFinite(amount) && amount >= 0)) throw new ClvError('clv_invalid_row', `${where}: amount must be a non-negative number (${amount})`);
    if (day > this.calibrationEndDay) return;
    const days = this.days.get(customerId);
    if (days) {
      days.push(day);
      this.amounts.get(customerId)!.push(amount);
    } else {
      this.days.set(customerId, [day]);
      this.amounts.set(customerId, [amount]);
    }
  }

  summaries(): CustomerSummary[] {
    const unit = TIME_UNIT_DAYS[this.timeUnit];
    const result: CustomerSummary[] = [];
    for (const [customerId, days] of this.days) {
      const amounts = this.amounts.get(customerId)!;
      const first = days.reduce((low, day) => Math.min(low, day));
      const perDay = new Map<number, number>();
      for (let i = 0; i < days.length; i++) perDay.set(days[i]!, (perDay.get(days[i]!) ?? 0) + amounts[i]!);
      let last = first;
      let repeatSpend = 0;
      for (const [day, amount] of perDay) {
        if (day === first) continue;
        last = Math.max(last, day);
        repeatSpend += amount;
      }
      const frequency = perDay.size - 1;
      result.push({
        customerId,
        frequency,
        recency: (last - first) / unit,
        T: (this.calibrationEndDay - first) / unit,
        monetaryValue: frequency === 0 ? 0 : repeatSpend / frequency,
      });
    }
    return result;
  }
}
