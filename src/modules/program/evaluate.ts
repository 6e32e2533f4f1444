// Pure: what a set of earning rules gives for one event, line by line, with the reasons in words.
// Everything the rules may look at is passed in, so dry runs and backtests are the same function.
// The rules run compiled (compile.ts); evaluate-reference.ts keeps the plain interpreter they are
// property-tested against.
import { attributePoints, floorDiv } from '../ledger/arithmetic.js';
import type { Effect, Evaluation, RuleDefinition } from './contract.js';
import { compileRuleSet, type CompiledRule, type CompiledRuleSet } from './compile.js';

export { applicationOrder, mentions } from './compile.js';

export interface EvaluatedLine {
  lineId: string;
  sku: string;
  category: string | null;
  quantity: number;
  /** After discount, in minor units. */
  amount: number;
}

export interface EvaluationContext {
  event: { type: string; occurredAt: Date; properties: Record<string, string | number | boolean> };
  member: { tier: string | null; tags: readonly string[]; joinedAt: Date | null; birthdayMonth: number | null };
  order: { total: number; currency: string; storeId: string | null; channel: string | null; lines: readonly EvaluatedLine[] } | null;
}

/** A rule as evaluated: its definition plus where it came from (null for drafts in a dry run). */
export interface RuleVersion {
  ruleId: string | null;
  version: number | null;
  definition: RuleDefinition;
}

/** Points a rule already issued, so caps and budgets hold across events. */
export interface RuleUsage {
  today: number;
  thisMonth: number;
  total: number;
}

/** Usage by rule id; asked only about capped rules that apply (a Map will do). */
export interface UsageLookup {
  get(ruleId: string): RuleUsage | undefined;
}


/** Lines a rule applies to, as indexes into the order's lines; null means all of them. */
type Scope = readonly number[] | null;

/** What one effect of one applied rule gave. */
export interface Contribution {
  rule: CompiledRule;
  effect: Effect;
  scope: Scope;
  points: number;
  capped: boolean;
}

/** An evaluation before it is put in words: what `evaluateRules` describes, and what a backtest sums. */
export interface Outcome {
  points: number;
  /** Points per order line, in the order's line order. */
  linePoints: number[];
  contributions: Contribution[];
}

const NO_USAGE: UsageLookup = new Map<string, RuleUsage>();
const NO_LINES: readonly EvaluatedLine[] = [];

/** Exact ⌊a × b / c⌋ in integers (BigInt only when the product could lose precision). */
function pointsFor(amount: number, points: number, per: number): number {
  return floorDiv(amount * points, per) ?? Number((BigInt(amount) * BigInt(points)) / BigInt(per));
}

function allowance(definition: RuleDefinition, usage: RuleUsage | undefined): number {
  const caps = definition.caps!;
  const used = usage ?? { today: 0, thisMonth: 0, total: 0 };
  return Math.max(
    0,
    Math.min(
      caps.perMemberPerDay === undefined ? Infinity : caps.perMemberPerDay - used.today,
      caps.perMemberPerMonth === undefined ? Infinity : caps.perMemberPerMonth - used.thisMonth,
      caps.budget === undefined ? Infinity : caps.budget - used.total,
    ),
  );
}

/** Up to this many lines, a split runs in place on scratch space; longer orders take attributePoints. */
const SMALL_SPLIT = 32;
const remainders = new Float64Array(SMALL_SPLIT);

/**
 * Adds to `into` the split of `total` over the `scope` lines in proportion to their amounts: the split
 * `attributePoints` makes (largest remainder, ties to the earlier line), without allocating. When all
 * the amounts are 0, nothing is split, or with `evenIfFree` the lines share equally.
 */
function shareOut(total: number, lines: readonly EvaluatedLine[], scope: Scope, evenIfFree: boolean, into: number[]): void {
  const count = scope ? scope.length : lines.length;
  if (total === 0 || count === 0) return;
  let sum = 0;
  for (let k = 0; k < count; k++) sum += lines[scope ? scope[k]! : k]!.amount;
  const even = sum === 0;
  if (even && !evenIfFree) return;
  if (even) sum = count;
  if (count === 1) {
    into[scope ? scope[0]! : 0]! += total;
    return;
  }
  if (count > SMALL_SPLIT || !Number.isSafeInteger(sum) || !Number.isSafeInteger(sum * total)) {
    const weights = Array.from({ length: count }, (_, k) => (even ? 1 : lines[scope ? scope[k]! : k]!.amount));
    attributePoints(weights, total).forEach((p, k) => (into[scope ? scope[k]! : k]! += p));
    return;
  }
  let left = total;
  for (let k = 0; k < count; k++) {
    const weighted = (even ? 1 : lines[scope ? scope[k]! : k]!.amount) * total;
    const share = floorDiv(weighted, sum)!;
    into[scope ? scope[k]! : k]! += share;
    left -= share;
    remainders[k] = weighted - share * sum;
  }
  // Fewer than `count` points are left; each goes to the largest remainder not yet served.
  for (; left > 0; left--) {
    let best = 0;
    for (let k = 1; k < count; k++) if (remainders[k]! > remainders[best]!) best = k;
    into[scope ? scope[best]! : best]! += 1;
    remainders[best] = -1;
  }
}

/** The rules that apply to the event, in application order, with the lines each applies to. */
function applicable(set: CompiledRuleSet, context: EvaluationContext, lines: readonly EvaluatedLine[]): { rules: CompiledRule[]; scopes: Scope[]; slots: number[] } {
  const at = context.event.occurredAt.getTime();
  const listening = set.forEvent(context.event.type);
  const rules: CompiledRule[] = [];
  const scopes: Scope[] = [];
  const slots: number[] = [];
  for (let i = 0; i < listening.rules.length; i++) {
    const rule = listening.rules[i]!;
    if (at < rule.from || at >= rule.to) continue;
    if (rule.eventTest && !rule.eventTest(context, null)) continue;
    let scope: number[] | null = null;
    if (rule.lineTest) {
      for (let j = 0; j < lines.length; j++) if (rule.lineTest(context, lines[j]!)) (scope ??= []).push(j);
      if (!scope) continue;
    }
    rules.push(rule);
    scopes.push(scope);
    slots.push(listening.slots[i]!);
    if (rule.definition.exclusive) break;
  }
  return { rules, scopes, slots };
}

/**
 * The evaluation as numbers. Points per amount are computed per rule on the matching lines' total
 * (one floor per rule, not per line), multipliers scale what those rules earned on their lines,
 * fixed points are added once; caps clamp each rule's points; the points are then attributed to the
 * lines (largest remainder), so a refund can take back exactly a line's share.
 */
export function runRules(set: CompiledRuleSet, context: EvaluationContext, usage: UsageLookup = NO_USAGE): Outcome {
  const lines = context.order?.lines ?? NO_LINES;
  const applied = applicable(set, context, lines);
  const contributions: Contribution[] = [];
  /** Allowance left per rule (slot) under its caps; NaN until first needed. */
  let remaining: number[] | null = null;
  const add = (a: number, effect: Effect, points: number): number => {
    const rule = applied.rules[a]!;
    let granted = points;
    if (rule.definition.caps) {
      remaining ??= new Array<number>(set.slotCount).fill(NaN);
      const slot = applied.slots[a]!;
      if (Number.isNaN(remaining[slot])) remaining[slot] = allowance(rule.definition, rule.rule.ruleId ? usage.get(rule.rule.ruleId) : undefined);
      granted = Math.min(points, remaining[slot]!);
      remaining[slot] = remaining[slot]! - granted;
    }
    contributions.push({ rule, effect, scope: applied.scopes[a]!, points: granted, capped: granted < points });
    return granted;
  };
  const count = applied.rules.length;
  /** Points per line earned by points_per_amount rules: what multipliers multiply. */
  const basePerLine = new Array<number>(lines.length).fill(0);
  // Per-amount rules first, whatever their priority, so a multiplier sees every base point on its lines.
  for (let a = 0; a < count; a++) {
    for (const effect of applied.rules[a]!.perAmount) {
      const scope = applied.scopes[a]!;
      let amount = 0;
      if (scope) for (const j of scope) amount += lines[j]!.amount;
      else for (const line of lines) amount += line.amount;
      shareOut(add(a, effect, pointsFor(amount, effect.points, effect.per)), lines, scope, false, basePerLine);
    }
  }
  for (let a = 0; a < count; a++) {
    for (const effect of applied.rules[a]!.multipliers) {
      const scope = applied.scopes[a]!;
      let base = 0;
      if (scope) for (const j of scope) base += basePerLine[j]!;
      else for (const p of basePerLine) base += p;
      add(a, effect, pointsFor(base, Math.round(effect.factor * 100 - 100), 100));
    }
  }
  for (let a = 0; a < count; a++) for (const effect of applied.rules[a]!.fixed) add(a, effect, effect.points);
  for (let a = 0; a < count; a++) for (const effect of applied.rules[a]!.rewards) contributions.push({ rule: applied.rules[a]!, effect, scope: applied.scopes[a]!, points: 0, capped: false });
  for (let a = 0; a < count; a++) for (const effect of applied.rules[a]!.draws) contributions.push({ rule: applied.rules[a]!, effect, scope: applied.scopes[a]!, points: 0, capped: false });

  const linePoints = new Array<number>(lines.length).fill(0);
  let points = 0;
  // A rule on an order whose matching lines are all free still pays out: then its lines share equally.
  for (const c of contributions) {
    points += c.points;
    shareOut(c.points, lines, c.scope, true, linePoints);
  }
  return { points, linePoints, contributions };
}

function explain(c: Contribution, lines: readonly EvaluatedLine[]): string {
  const { rule, effect, points, capped, scope } = c;
  const name = rule.definition.name;
  const on = scope && lines.length > 0 && scope.length < lines.length ? ` on ${scope.map((j) => lines[j]!.sku).join(', ')}` : '';
  const cap = capped ? ' (capped)' : '';
  switch (effect.type) {
    case 'grant_reward':
      return `${name}: reward ${effect.rewardId} (${rule.label})`;
    case 'draw_entries':
      return `${name}: ${effect.entries} draw ${effect.entries === 1 ? 'entry' : 'entries'} in ${effect.campaignId} (${rule.label})`;
    case 'multiplier':
      return `${name}: ${effect.factor}× points${on}, +${points}${cap} (${rule.label})`;
    default:
      return `${name}${on}: ${points} point${points === 1 ? '' : 's'}${cap} (${rule.label})`;
  }
}

function effectOf({ rule, effect, points, capped }: Contribution): Evaluation['effects'][number] {
  const { name } = rule.definition;
  const { ruleId, version } = rule.rule;
  // Literals, not spreads: this runs for every effect of every order.
  if (effect.type === 'grant_reward') return { rule: name, ruleId, version, type: effect.type, points, capped, rewardId: effect.rewardId };
  if (effect.type === 'draw_entries') return { rule: name, ruleId, version, type: effect.type, points, capped, campaignId: effect.campaignId, entries: effect.entries };
  return { rule: name, ruleId, version, type: effect.type, points, capped };
}

/** An outcome in the API's terms: points per line id, each effect, and each reason in words. */
export function describeOutcome(outcome: Outcome, context: EvaluationContext): Evaluation {
  const lines = context.order?.lines ?? NO_LINES;
  return {
    points: outcome.points,
    lines: lines.map((l, j) => ({ lineId: l.lineId, points: outcome.linePoints[j]! })),
    effects: outcome.contributions.map(effectOf),
    explanation: outcome.contributions.map((c) => explain(c, lines)),
  };
}

/**
 * Applies `rules` to one event (see `runRules`) and says what they gave, and why.
 * @example evaluateRules([{ ruleId: 'rul_1', version: 1, definition: basePerEuro }], orderOf(1250)).points // 12
 */
export function evaluateRules(rules: readonly RuleVersion[], context: EvaluationContext, usage: UsageLookup = NO_USAGE): Evaluation {
  return describeOutcome(runRules(compileRuleSet(rules), context, usage), context);
}
