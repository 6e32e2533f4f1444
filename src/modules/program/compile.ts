// Rules turned into closures once, so evaluating an order walks no trees and parses nothing: each
// condition becomes a predicate, each field a direct read, each list a Set. Pure and cached.
import type { Comparison, Condition, Effect, RuleDefinition } from './contract.js';
import type { EvaluatedLine, EvaluationContext, RuleVersion } from './evaluate.js';

type Value = string | number | boolean | readonly string[] | null | undefined;
type Read = (context: EvaluationContext, line: EvaluatedLine | null) => Value;
export type Predicate = (context: EvaluationContext, line: EvaluatedLine | null) => boolean;

const DAY_MS = 86_400_000;

/** A direct reader of one field (see FIELDS in contract.ts). */
function reader(field: string): Read {
  switch (field) {
    case 'event.type':
      return (c) => c.event.type;
    case 'member.tier':
      return (c) => c.member.tier;
    case 'member.tags':
      return (c) => c.member.tags;
    case 'member.membershipDays':
      return (c) => (c.member.joinedAt ? Math.floor((c.event.occurredAt.getTime() - c.member.joinedAt.getTime()) / DAY_MS) : null);
    case 'member.birthdayMonth':
      return (c) => c.member.birthdayMonth;
    case 'member.birthdayThisMonth':
      return (c) => c.member.birthdayMonth !== null && c.member.birthdayMonth === c.event.occurredAt.getUTCMonth() + 1;
    case 'order.total':
      return (c) => c.order?.total;
    case 'order.currency':
      return (c) => c.order?.currency;
    case 'order.storeId':
      return (c) => c.order?.storeId;
    case 'order.channel':
      return (c) => c.order?.channel;
    case 'order.lineCount':
      return (c) => c.order?.lines.length;
    case 'line.sku':
      return (_, l) => l?.sku;
    case 'line.category':
      return (_, l) => l?.category;
    case 'line.amount':
      return (_, l) => l?.amount;
    case 'line.quantity':
      return (_, l) => l?.quantity;
    case 'time.weekday':
      return (c) => ((c.event.occurredAt.getUTCDay() + 6) % 7) + 1;
    case 'time.hour':
      return (c) => c.event.occurredAt.getUTCHours();
    case 'time.month':
      return (c) => c.event.occurredAt.getUTCMonth() + 1;
    default: {
      if (!field.startsWith('event.properties.')) return () => undefined;
      const name = field.slice('event.properties.'.length);
      return (c) => c.event.properties[name];
    }
  }
}

function comparisonPredicate(c: Comparison): Predicate {
  const read = reader(c.field);
  const expected = c.value;
  switch (c.op) {
    case 'exists':
      return (ctx, l) => {
        const v = read(ctx, l);
        return v !== null && v !== undefined;
      };
    case 'eq':
      return (ctx, l) => read(ctx, l) === expected;
    case 'ne':
      return (ctx, l) => read(ctx, l) !== expected;
    case 'in': {
      // Set.has and Array.includes agree (SameValueZero); the Set makes long SKU lists O(1).
      const set = new Set<unknown>(expected as readonly unknown[]);
      return (ctx, l) => set.has(read(ctx, l));
    }
    case 'not_in': {
      const set = new Set<unknown>(expected as readonly unknown[]);
      return (ctx, l) => !set.has(read(ctx, l));
    }
    case 'contains': {
      const text = String(expected);
      return (ctx, l) => {
        const v = read(ctx, l);
        return Array.isArray(v) ? v.includes(expected as string) : typeof v === 'string' && v.includes(text);
      };
    }
    case 'gt':
      return (ctx, l) => {
        const v = read(ctx, l);
        return typeof v === 'number' && v > (expected as number);
      };
    case 'gte':
      return (ctx, l) => {
        const v = read(ctx, l);
        return typeof v === 'number' && v >= (expected as number);
      };
    case 'lt':
      return (ctx, l) => {
        const v = read(ctx, l);
        return typeof v === 'number' && v < (expected as number);
      };
    case 'lte':
      return (ctx, l) => {
        const v = read(ctx, l);
        return typeof v === 'number' && v <= (expected as number);
      };
  }
}

/** The condition tree as one predicate; `all`/`any` short-circuit in the written order, as the tree does. */
export function predicateOf(condition: Condition): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map(predicateOf);
    if (parts.length === 1) return parts[0]!;
    return (ctx, l) => {
      for (const p of parts) if (!p(ctx, l)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(predicateOf);
    if (parts.length === 1) return parts[0]!;
    return (ctx, l) => {
      for (const p of parts) if (p(ctx, l)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = predicateOf(condition.not);
    return (ctx, l) => !inner(ctx, l);
  }
  return comparisonPredicate(condition);
}

/** Whether any comparison in the tree looks at a field under `prefix` (e.g. `line.`, `member.`). */
export function mentions(condition: Condition | undefined, prefix: string): boolean {
  if (!condition) return false;
  if ('all' in condition) return condition.all.some((c) => mentions(c, prefix));
  if ('any' in condition) return condition.any.some((c) => mentions(c, prefix));
  if ('not' in condition) return mentions(condition.not, prefix);
  return condition.field.startsWith(prefix);
}

/** One rule version ready to run: its window as numbers, its condition as predicates, its effects by kind. */
export interface CompiledRule {
  rule: RuleVersion;
  definition: RuleDefinition;
  from: number;
  to: number;
  eventTypes: readonly string[];
  /** Parts of the condition about the whole event, checked once per event (null: none). */
  eventTest: Predicate | null;
  /** Parts about a line (the rule then applies to the matching lines only; null: to all lines). */
  lineTest: Predicate | null;
  perAmount: Extract<Effect, { type: 'points_per_amount' }>[];
  multipliers: Extract<Effect, { type: 'multiplier' }>[];
  fixed: Extract<Effect, { type: 'fixed_points' }>[];
  rewards: Extract<Effect, { type: 'grant_reward' }>[];
  draws: Extract<Effect, { type: 'draw_entries' }>[];
  /** "rule rul_…, v3", or "draft rule". */
  label: string;
}

/**
 * A line-scoped `all` splits: its conjuncts that do not look at lines are checked once per event
 * (if one fails, no line could match), the rest per line. The result is the same, with less work.
 */
function splitCondition(condition: Condition | undefined): { eventTest: Predicate | null; lineTest: Predicate | null } {
  if (!condition) return { eventTest: null, lineTest: null };
  if (!mentions(condition, 'line.')) return { eventTest: predicateOf(condition), lineTest: null };
  if (!('all' in condition)) return { eventTest: null, lineTest: predicateOf(condition) };
  const aboutEvent = condition.all.filter((c) => !mentions(c, 'line.'));
  const aboutLine = condition.all.filter((c) => mentions(c, 'line.'));
  return { eventTest: aboutEvent.length > 0 ? predicateOf({ all: aboutEvent }) : null, lineTest: predicateOf({ all: aboutLine }) };
}

function compileRule(rule: RuleVersion): CompiledRule {
  const { definition } = rule;
  const ofType = <T extends Effect['type']>(type: T) => definition.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  return {
    rule,
    definition,
    from: definition.activeFrom ? Date.parse(definition.activeFrom) : -Infinity,
    to: definition.activeTo ? Date.parse(definition.activeTo) : Infinity,
    eventTypes: definition.eventTypes,
    ...splitCondition(definition.condition),
    perAmount: ofType('points_per_amount'),
    multipliers: ofType('multiplier'),
    fixed: ofType('fixed_points'),
    rewards: ofType('grant_reward'),
    draws: ofType('draw_entries'),
    label: rule.ruleId ? `rule ${rule.ruleId}, v${rule.version}` : 'draft rule',
  };
}

/** The rules in the order they are applied: highest priority first, then by id and version, so input order never matters. */
export function applicationOrder(rules: readonly RuleVersion[]): RuleVersion[] {
  const key = (r: RuleVersion) => `${r.ruleId ?? ''}:${String(r.version ?? 0).padStart(6, '0')}:${r.definition.name}`;
  return [...rules].sort((a, b) => b.definition.priority - a.definition.priority || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Rules in application order; `slots` numbers each distinct rule (its cap allowance is kept per slot). */
export interface CompiledRules {
  rules: readonly CompiledRule[];
  slots: readonly number[];
}

export interface CompiledRuleSet extends CompiledRules {
  slotCount: number;
  /** The rules that listen to one event type, found once per type. */
  forEvent(type: string): CompiledRules;
}

/**
 * Compiled rules are cached per RuleVersion object: the rule book keeps the same objects for the
 * same stored (id, version) across reloads, and versions are never edited, so a rule is compiled once
 * per process. Sets are cached per array, as the rule book hands out the same array until a change.
 */
const compiledRules = new WeakMap<RuleVersion, CompiledRule>();
const compiledSets = new WeakMap<readonly RuleVersion[], CompiledRuleSet>();

function buildSet(rules: readonly RuleVersion[]): CompiledRuleSet {
  const ordered = applicationOrder(rules);
  const slotOf = new Map<RuleVersion, number>();
  const all: CompiledRules = {
    rules: ordered.map((rule) => {
      let compiled = compiledRules.get(rule);
      if (!compiled) compiledRules.set(rule, (compiled = compileRule(rule)));
      return compiled;
    }),
    slots: ordered.map((rule) => {
      if (!slotOf.has(rule)) slotOf.set(rule, slotOf.size);
      return slotOf.get(rule)!;
    }),
  };
  const byType = new Map<string, CompiledRules>();
  return {
    ...all,
    slotCount: slotOf.size,
    forEvent(type) {
      let listening = byType.get(type);
      if (!listening) {
        const picked = all.rules.flatMap((rule, i) => (rule.eventTypes.includes(type) ? [i] : []));
        listening = { rules: picked.map((i) => all.rules[i]!), slots: picked.map((i) => all.slots[i]!) };
        byType.set(type, listening);
      }
      return listening;
    },
  };
}

export function compileRuleSet(rules: readonly RuleVersion[]): CompiledRuleSet {
  let set = compiledSets.get(rules);
  if (!set) compiledSets.set(rules, (set = buildSet(rules)));
  return set;
}
