// The first evaluator, an interpreter over the rule trees: kept as the executable specification the
// compiled evaluator (evaluate.ts) is property-tested against in evaluate.test.ts. Not used at run time.
import { attributePoints, floorDiv } from '../ledger/arithmetic.js';
import type { Comparison, Condition, Effect, Evaluation, RuleDefinition } from './contract.js';
import { applicationOrder, mentions } from './compile.js';
import type { EvaluatedLine, EvaluationContext, RuleUsage, RuleVersion } from './evaluate.js';

const usesLines = (condition: Condition | undefined) => mentions(condition, 'line.');

type Value = string | number | boolean | readonly string[] | null | undefined;

const DAY_MS = 86_400_000;

function fieldValue(field: string, context: EvaluationContext, line: EvaluatedLine | null): Value {
  const { event, member, order } = context;
  const at = event.occurredAt;
  switch (field) {
    case 'event.type':
      return event.type;
    case 'member.tier':
      return member.tier;
    case 'member.tags':
      return member.tags;
    case 'member.membershipDays':
      return member.joinedAt ? Math.floor((at.getTime() - member.joinedAt.getTime()) / DAY_MS) : null;
    case 'member.birthdayMonth':
      return member.birthdayMonth;
    case 'member.birthdayThisMonth':
      return member.birthdayMonth !== null && member.birthdayMonth === at.getUTCMonth() + 1;
    case 'order.total':
      return order?.total;
    case 'order.currency':
      return order?.currency;
    case 'order.storeId':
      return order?.storeId;
    case 'order.channel':
      return order?.channel;
    case 'order.lineCount':
      return order?.lines.length;
    case 'line.sku':
      return line?.sku;
    case 'line.category':
      return line?.category;
    case 'line.amount':
      return line?.amount;
    case 'line.quantity':
      return line?.quantity;
    case 'time.weekday':
      return ((at.getUTCDay() + 6) % 7) + 1;
    case 'time.hour':
      return at.getUTCHours();
    case 'time.month':
      return at.getUTCMonth() + 1;
    default:
      return field.startsWith('event.properties.') ? event.properties[field.slice('event.properties.'.length)] : undefined;
  }
}

function compare(c: Comparison, value: Value): boolean {
  const expected = c.value;
  switch (c.op) {
    case 'exists':
      return value !== null && value !== undefined;
    case 'eq':
      return value === expected;
    case 'ne':
      return value !== expected;
    case 'in':
      return (expected as readonly unknown[]).includes(value);
    case 'not_in':
      return !(expected as readonly unknown[]).includes(value);
    case 'contains':
      return Array.isArray(value) ? value.includes(expected as string) : typeof value === 'string' && value.includes(String(expected));
    case 'gt':
      return typeof value === 'number' && value > (expected as number);
    case 'gte':
      return typeof value === 'number' && value >= (expected as number);
    case 'lt':
      return typeof value === 'number' && value < (expected as number);
    case 'lte':
      return typeof value === 'number' && value <= (expected as number);
  }
}

function matches(condition: Condition, context: EvaluationContext, line: EvaluatedLine | null): boolean {
  if ('all' in condition) return condition.all.every((c) => matches(c, context, line));
  if ('any' in condition) return condition.any.some((c) => matches(c, context, line));
  if ('not' in condition) return !matches(condition.not, context, line);
  return compare(condition, fieldValue(condition.field, context, line));
}

/** A rule prepared once per rule set: window as numbers, whether it looks at lines. */
interface CompiledRule {
  rule: RuleVersion;
  from: number;
  to: number;
  lineScoped: boolean;
}

/**
 * Rule sets are evaluated many times (every order); sorting and parsing happen once per set. The
 * cache is keyed by the array itself, so a new set (after a rule change) is compiled afresh.
 */
const compiled = new WeakMap<readonly RuleVersion[], CompiledRule[]>();

function compile(rules: readonly RuleVersion[]): CompiledRule[] {
  let set = compiled.get(rules);
  if (!set) {
    set = applicationOrder(rules).map((rule) => ({
      rule,
      from: rule.definition.activeFrom ? Date.parse(rule.definition.activeFrom) : -Infinity,
      to: rule.definition.activeTo ? Date.parse(rule.definition.activeTo) : Infinity,
      lineScoped: usesLines(rule.definition.condition),
    }));
    compiled.set(rules, set);
  }
  return set;
}

/** Lines a rule applies to (all of an order's lines unless its condition looks at lines), or null if it does not apply. */
function scopeOf(c: CompiledRule, context: EvaluationContext): readonly EvaluatedLine[] | null {
  const { definition } = c.rule;
  const at = context.event.occurredAt.getTime();
  if (at < c.from || at >= c.to || !definition.eventTypes.includes(context.event.type)) return null;
  const lines = context.order?.lines ?? [];
  if (c.lineScoped) {
    const matched = lines.filter((line) => matches(definition.condition!, context, line));
    return matched.length > 0 ? matched : null;
  }
  if (definition.condition && !matches(definition.condition, context, null)) return null;
  return lines;
}

/** Exact ⌊a × b / c⌋ in integers (BigInt only when the product could lose precision). */
function pointsFor(amount: number, points: number, per: number): number {
  return floorDiv(amount * points, per) ?? Number((BigInt(amount) * BigInt(points)) / BigInt(per));
}

function allowance(definition: RuleDefinition, usage: RuleUsage | undefined): number {
  const caps = definition.caps;
  if (!caps) return Infinity;
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

function label(rule: RuleVersion): string {
  return rule.ruleId ? `rule ${rule.ruleId}, v${rule.version}` : 'draft rule';
}

/**
 * Applies `rules` to one event. Points per amount are computed per rule on the matching lines'
 * total (one floor per rule, not per line), multipliers scale what those rules earned on their lines,
 * fixed points are added once; caps clamp each rule's points; the order's points are then attributed
 * to its lines (largest remainder), so a refund can take back exactly a line's share.
 * @example evaluateRules([{ ruleId: 'rul_1', version: 1, definition: basePerEuro }], orderOf(1250)).points // 12
 */
export function interpretRules(rules: readonly RuleVersion[], context: EvaluationContext, usage: ReadonlyMap<string, RuleUsage> = new Map()): Evaluation {
  const lines = context.order?.lines ?? [];
  /** Points per line earned by points_per_amount rules: what multipliers multiply. */
  const basePerLine = new Map<string, number>(lines.map((l) => [l.lineId, 0]));
  const contributions: { rule: RuleVersion; effect: Effect; scope: readonly EvaluatedLine[]; points: number; capped: boolean }[] = [];
  const applied: { rule: RuleVersion; scope: readonly EvaluatedLine[] }[] = [];
  for (const c of compile(rules)) {
    const scope = scopeOf(c, context);
    if (!scope) continue;
    applied.push({ rule: c.rule, scope });
    if (c.rule.definition.exclusive) break;
  }
  // Per-amount rules first, whatever their priority, so a multiplier sees every base point on its lines.
  const grouped = new Map<Effect['type'], { rule: RuleVersion; scope: readonly EvaluatedLine[]; effect: Effect }[]>();
  for (const { rule, scope } of applied) {
    for (const effect of rule.definition.effects) {
      const list = grouped.get(effect.type);
      if (list) list.push({ rule, scope, effect });
      else grouped.set(effect.type, [{ rule, scope, effect }]);
    }
  }
  const byKind = (kind: Effect['type']) => grouped.get(kind) ?? [];
  const remaining = new Map<RuleVersion, number>(applied.map(({ rule }) => [rule, allowance(rule.definition, rule.ruleId ? usage.get(rule.ruleId) : undefined)]));
  const grant = (rule: RuleVersion, effect: Effect, scope: readonly EvaluatedLine[], points: number) => {
    const left = remaining.get(rule)!;
    const granted = Math.min(points, left);
    remaining.set(rule, left - granted);
    contributions.push({ rule, effect, scope, points: granted, capped: granted < points });
    return granted;
  };
  for (const { rule, scope, effect } of byKind('points_per_amount')) {
    if (effect.type !== 'points_per_amount') continue;
    const amount = scope.reduce((sum, l) => sum + l.amount, 0);
    const granted = grant(rule, effect, scope, pointsFor(amount, effect.points, effect.per));
    attributePoints(scope.map((l) => l.amount), granted).forEach((p, i) => basePerLine.set(scope[i]!.lineId, basePerLine.get(scope[i]!.lineId)! + p));
  }
  for (const { rule, scope, effect } of byKind('multiplier')) {
    if (effect.type !== 'multiplier') continue;
    const base = scope.reduce((sum, l) => sum + basePerLine.get(l.lineId)!, 0);
    const extraHundredths = Math.round(effect.factor * 100 - 100);
    grant(rule, effect, scope, pointsFor(base, extraHundredths, 100));
  }
  for (const { rule, scope, effect } of byKind('fixed_points')) {
    if (effect.type === 'fixed_points') grant(rule, effect, scope, effect.points);
  }
  for (const { rule, scope, effect } of [...byKind('grant_reward'), ...byKind('draw_entries')]) contributions.push({ rule, effect, scope, points: 0, capped: false });

  const linePoints = new Map<string, number>(lines.map((l) => [l.lineId, 0]));
  for (const c of contributions) {
    if (c.points === 0 || c.scope.length === 0) continue;
    // A rule on an order whose matching lines are all free still pays out: then its lines share equally.
    const weights = c.scope.some((l) => l.amount > 0) ? c.scope.map((l) => l.amount) : c.scope.map(() => 1);
    attributePoints(weights, c.points).forEach((p, i) => linePoints.set(c.scope[i]!.lineId, linePoints.get(c.scope[i]!.lineId)! + p));
  }
  const points = contributions.reduce((sum, c) => sum + c.points, 0);
  return {
    points,
    lines: lines.map((l) => ({ lineId: l.lineId, points: linePoints.get(l.lineId)! })),
    effects: contributions.map(({ rule, effect, points: p, capped }) => ({
      rule: rule.definition.name,
      ruleId: rule.ruleId,
      version: rule.version,
      type: effect.type,
      points: p,
      capped,
      ...(effect.type === 'grant_reward' ? { rewardId: effect.rewardId } : {}),
      ...(effect.type === 'draw_entries' ? { campaignId: effect.campaignId, entries: effect.entries } : {}),
    })),
    explanation: contributions.map(({ rule, effect, points: p, capped, scope }) => explain(rule, effect, p, capped, scope, lines.length)),
  };
}

function explain(rule: RuleVersion, effect: Effect, points: number, capped: boolean, scope: readonly EvaluatedLine[], lineCount: number): string {
  const on = lineCount > 0 && scope.length < lineCount ? ` on ${scope.map((l) => l.sku).join(', ')}` : '';
  const cap = capped ? ' (capped)' : '';
  switch (effect.type) {
    case 'grant_reward':
      return `${rule.definition.name}: reward ${effect.rewardId} (${label(rule)})`;
    case 'draw_entries':
      return `${rule.definition.name}: ${effect.entries} draw ${effect.entries === 1 ? 'entry' : 'entries'} in ${effect.campaignId} (${label(rule)})`;
    case 'multiplier':
      return `${rule.definition.name}: ${effect.factor}× points${on}, +${points}${cap} (${label(rule)})`;
    default:
      return `${rule.definition.name}${on}: ${points} point${points === 1 ? '' : 's'}${cap} (${label(rule)})`;
  }
}
