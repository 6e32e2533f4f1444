import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { ordersWithLines } from '../orders/queries.js';
import type { BacktestInput, BacktestResult } from './contract.js';
import { evaluateRules, type EvaluationContext, type RuleUsage, type RuleVersion } from './evaluate.js';

const PAGE = 5_000;

/** Usage as the replay goes, so caps bind in the backtest as they would have at the time. */
class ReplayUsage {
  private readonly byKey = new Map<string, number>();
  private readonly totals = new Map<string, number>();

  for(memberId: string, at: Date, ruleIds: readonly string[]): Map<string, RuleUsage> {
    const day = at.toISOString().slice(0, 10);
    const used = (key: string) => this.byKey.get(key) ?? 0;
    return new Map(
      ruleIds.map((id) => [id, { today: used(`${id}|${memberId}|${day}`), thisMonth: used(`${id}|${memberId}|${day.slice(0, 7)}`), total: this.totals.get(id) ?? 0 }]),
    );
  }

  add(memberId: string, at: Date, ruleId: string, points: number): void {
    const day = at.toISOString().slice(0, 10);
    for (const key of [`${ruleId}|${memberId}|${day}`, `${ruleId}|${memberId}|${day.slice(0, 7)}`]) this.byKey.set(key, (this.byKey.get(key) ?? 0) + points);
    this.totals.set(ruleId, (this.totals.get(ruleId) ?? 0) + points);
  }
}

/**
 * Replays the stored orders and non-purchase events of a period under a draft rule set, in time
 * order, and sets what it would have issued (per rule, per tier, and its cost at the point value)
 * beside what was actually issued. Members are taken at their current tier. Reads only.
 */
export async function backtest(db: Sql, program: ProgramConfig, input: BacktestInput): Promise<BacktestResult> {
  const from = new Date(input.from);
  const to = new Date(input.to);
  // Each draft rule gets a synthetic id, so caps and totals are kept per rule even if names repeat.
  const rules: RuleVersion[] = input.rules.map((definition, i) => ({ ruleId: `draft_${i + 1}`, version: null, definition }));
  // Only capped rules need usage; the rest skip the bookkeeping.
  const ruleIds = rules.filter((r) => r.definition.caps !== undefined).map((r) => r.ruleId!);
  const noUsage = new Map<string, RuleUsage>();
  const usage = new ReplayUsage();
  const perRule = new Map<string, { points: number; events: number }>();
  // Members' current tiers: rules about member.tier see them, and points are summed per tier.
  const tiers = new Map((await db.query<{ member_id: string; tier_id: string }>('select member_id, tier_id from member_tiers')).map((r) => [r.member_id, r.tier_id]));
  const perTier = new Map<string | null, number>();
  let wouldIssue = 0;
  let actual = 0;
  let orders = 0;
  let events = 0;
  const tally = (memberId: string, context: EvaluationContext) => {
    const tier = tiers.get(memberId) ?? null;
    const result = evaluateRules(rules, { ...context, member: { ...context.member, tier } }, ruleIds.length > 0 ? usage.for(memberId, context.event.occurredAt, ruleIds) : noUsage);
    wouldIssue += result.points;
    perTier.set(tier, (perTier.get(tier) ?? 0) + result.points);
    for (const effect of result.effects) {
      if (effect.points === 0) continue;
      if (ruleIds.includes(effect.ruleId!)) usage.add(memberId, context.event.occurredAt, effect.ruleId!, effect.points);
      const entry = perRule.get(effect.ruleId!) ?? { points: 0, events: 0 };
      perRule.set(effect.ruleId!, { points: entry.points + effect.points, events: entry.events + 1 });
    }
  };
  let after: { occurredAt: Date; orderId: string } | null = null;
  let truncated = false;
  for (;;) {
    const page = await ordersWithLines(db, from, to, after, PAGE);
    for (const order of page) {
      if (orders + events >= input.maxEvents) {
        truncated = true;
        break;
      }
      orders += 1;
      actual += order.points;
      tally(order.memberId, {
        event: { type: 'order', occurredAt: order.occurredAt, properties: {} },
        member: { tier: null, tags: [], joinedAt: null, birthdayMonth: null },
        order: { total: order.total, currency: order.currency, storeId: order.storeId, channel: order.channel, lines: order.lines },
      });
    }
    if (truncated || page.length < PAGE) break;
    after = { occurredAt: page.at(-1)!.occurredAt, orderId: page.at(-1)!.orderId };
  }
  if (!truncated) {
    const activities = await db.query<{ member_id: string; type: string; occurred_at: Date; properties: Record<string, string | number | boolean>; points: number }>(
      'select member_id, type, occurred_at, properties, points from member_activities where occurred_at >= $1 and occurred_at < $2 order by occurred_at, id limit $3',
      [from, to, input.maxEvents - orders + 1],
    );
    for (const a of activities) {
      if (orders + events >= input.maxEvents) {
        truncated = true;
        break;
      }
      events += 1;
      actual += a.points;
      tally(a.member_id, { event: { type: a.type, occurredAt: a.occurred_at, properties: a.properties }, member: { tier: null, tags: [], joinedAt: null, birthdayMonth: null }, order: null });
    }
  }
  const cost = (points: number) => Math.round(points * program.pointValueMinor * 100) / 100;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    orders,
    events,
    truncated,
    wouldIssue: { points: wouldIssue, costMinor: cost(wouldIssue) },
    actuallyIssued: { points: actual, costMinor: cost(actual) },
    perRule: rules
      .filter((r) => perRule.has(r.ruleId!))
      .map((r) => ({ rule: r.definition.name, points: perRule.get(r.ruleId!)!.points, events: perRule.get(r.ruleId!)!.events, costMinor: cost(perRule.get(r.ruleId!)!.points) })),
    perTier: [...perTier].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([tier, points]) => ({ tier, points, costMinor: cost(points) })),
    pointValueMinor: program.pointValueMinor,
  };
}
