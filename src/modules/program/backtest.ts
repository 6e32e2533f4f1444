import type { ProgramConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { ordersWithLines } from '../orders/queries.js';
import { compileRuleSet } from './compile.js';
import type { BacktestInput, BacktestResult } from './contract.js';
import { runRules, type EvaluationContext, type RuleVersion } from './evaluate.js';
import { cappedRules, UsageTally } from './usage.js';

/** Orders per page: big enough that round trips do not count, small enough to hold a few in memory. */
const PAGE = 20_000;
const DAY_MS = 86_400_000;


/** The running totals of a replay. */
class Replay {
  wouldIssue = 0;
  actual = 0;
  readonly perRule = new Map<string, { points: number; events: number }>();
  readonly perTier = new Map<string | null, number>();
  private readonly set;
  private readonly counted: ReadonlySet<string>;
  private readonly usage = new UsageTally();
  /** One member object per tier: rules see a member's tier only (members are taken at their current tier). */
  private readonly members = new Map<string | null, EvaluationContext['member']>();

  constructor(
    rules: readonly RuleVersion[],
    private readonly tiers: ReadonlyMap<string, string>,
  ) {
    this.set = compileRuleSet(rules);
    this.counted = new Set(cappedRules(rules).capped);
  }

  private memberIn(tier: string | null): EvaluationContext['member'] {
    let member = this.members.get(tier);
    if (!member) this.members.set(tier, (member = { tier, tags: [], joinedAt: null, birthdayMonth: null }));
    return member;
  }

  /** Evaluates one event under the draft rules (no explanations: only numbers are summed) and adds it up. */
  tally(memberId: string, event: EvaluationContext['event'], order: EvaluationContext['order'], issued: number): void {
    const tier = this.tiers.get(memberId) ?? null;
    const capped = this.counted.size > 0;
    const outcome = runRules(this.set, { event, member: this.memberIn(tier), order }, capped ? this.usage.lookup(memberId, event.occurredAt) : undefined);
    this.actual += issued;
    this.wouldIssue += outcome.points;
    this.perTier.set(tier, (this.perTier.get(tier) ?? 0) + outcome.points);
    for (const { rule, points } of outcome.contributions) {
      if (points === 0) continue;
      const ruleId = rule.rule.ruleId!;
      const entry = this.perRule.get(ruleId);
      if (entry) {
        entry.points += points;
        entry.events += 1;
      } else this.perRule.set(ruleId, { points, events: 1 });
      if (capped && this.counted.has(ruleId)) {
        this.usage.add(memberId, ruleId, Math.floor(event.occurredAt.getTime() / DAY_MS), points);
        this.usage.addTotal(ruleId, points);
      }
    }
  }
}

const NO_PROPERTIES = {};

/**
 * Replays the stored orders and non-purchase events of a period under a draft rule set, in time
 * order, and sets what it would have issued (per rule, per tier, and its cost at the point value)
 * beside what was actually issued. Members are taken at their current tier. Reads only.
 */
export async function backtest(db: Database, program: ProgramConfig, input: BacktestInput): Promise<BacktestResult> {
  const from = new Date(input.from);
  const to = new Date(input.to);
  // Each draft rule gets a synthetic id, so caps and totals are kept per rule even if names repeat.
  const rules: RuleVersion[] = input.rules.map((definition, i) => ({ ruleId: `draft_${i + 1}`, version: null, definition }));
  // One transaction: the orders stream through a cursor, which lives as long as its transaction.
  const { replay, orders, events, truncated } = await db.transaction(async (tx) => {
    // Members' current tiers: rules about member.tier see them, and points are summed per tier.
    const tiers = new Map((await tx.query<{ member_id: string; tier_id: string }>('select member_id, tier_id from member_tiers')).map((r) => [r.member_id, r.tier_id]));
    const replay = new Replay(rules, tiers);
    let orders = 0;
    let events = 0;
    let truncated = false;
    // One more than allowed is read, so a period of exactly maxEvents is not called truncated.
    for await (const page of ordersWithLines(tx, from, to, input.maxEvents + 1, PAGE)) {
      for (const order of page) {
        if (orders >= input.maxEvents) {
          truncated = true;
          break;
        }
        orders += 1;
        replay.tally(
          order.memberId,
          { type: 'order', occurredAt: order.occurredAt, properties: NO_PROPERTIES },
          { total: order.total, currency: order.currency, storeId: order.storeId, channel: order.channel, lines: order.lines },
          order.points,
        );
      }
      if (truncated) break;
    }
    if (!truncated) {
      const activities = await tx.query<{ member_id: string; type: string; occurred_at: Date; properties: Record<string, string | number | boolean>; points: number }>(
        'select member_id, type, occurred_at, properties, points from member_activities where occurred_at >= $1 and occurred_at < $2 order by occurred_at, id limit $3',
        [from, to, input.maxEvents - orders + 1],
      );
      for (const a of activities) {
        if (orders + events >= input.maxEvents) {
          truncated = true;
          break;
        }
        events += 1;
        replay.tally(a.member_id, { type: a.type, occurredAt: a.occurred_at, properties: a.properties }, null, a.points);
      }
    }
    return { replay, orders, events, truncated };
  });
  const cost = (points: number) => Math.round(points * program.pointValueMinor * 100) / 100;
  const { perRule, perTier } = replay;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    orders,
    events,
    truncated,
    wouldIssue: { points: replay.wouldIssue, costMinor: cost(replay.wouldIssue) },
    actuallyIssued: { points: replay.actual, costMinor: cost(replay.actual) },
    perRule: rules
      .filter((r) => perRule.has(r.ruleId!))
      .map((r) => ({ rule: r.definition.name, points: perRule.get(r.ruleId!)!.points, events: perRule.get(r.ruleId!)!.events, costMinor: cost(perRule.get(r.ruleId!)!.points) })),
    perTier: [...perTier].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([tier, points]) => ({ tier, points, costMinor: cost(points) })),
    pointValueMinor: program.pointValueMinor,
  };
}
