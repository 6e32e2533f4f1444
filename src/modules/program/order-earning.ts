// How the program's rules earn on an order: the bridge from the pure evaluator to the order path.
import type { Sql } from '../../db/client.js';
import type { ProgramConfig } from '../../config.js';
import { baseRateEarner, type OrderEarner } from '../orders/plan.js';
import { ladderScalesEarning, tierIn, withTierMultiplier } from './tier-earning.js';
import type { TierLadder } from './tiers-contract.js';
import { currentTierId } from './tier-service.js';
import type { CreateOrderInput } from '../orders/contract.js';
import { evaluateRules, mentions, type EvaluationContext, type RuleUsage, type RuleVersion } from './evaluate.js';
import type { Member } from '../members/contract.js';
import type { Evaluation } from './contract.js';

export type EvaluatedEffect = Evaluation['effects'][number];

/** Capped rules need usage read and written under the member's lock, so such orders are not batched. */
export function hasCaps(rules: readonly RuleVersion[]): boolean {
  return rules.some((r) => r.definition.caps !== undefined);
}

/** A stored member as rules see them: tier, tenure and birthday month (tags arrive with segments). */
export async function memberForRules(db: Sql, member: Pick<Member, 'id' | 'createdAt' | 'birthday'>): Promise<EvaluationContext['member']> {
  return { tier: await currentTierId(db, member.id), tags: [], joinedAt: new Date(member.createdAt), birthdayMonth: member.birthday ? Number(member.birthday.slice(5, 7)) : null };
}

/** The member for an order's rules; read only when some rule looks at the member, or just the tier when only it matters. */
export async function memberContext(db: Sql, rules: readonly RuleVersion[], memberId: string, needsTier = false): Promise<EvaluationContext['member']> {
  const none = { tier: null, tags: [], joinedAt: null, birthdayMonth: null };
  if (!rules.some((r) => mentions(r.definition.condition, 'member.'))) return needsTier ? { ...none, tier: await currentTierId(db, memberId) } : none;
  // One round trip on the order path: the member's own fields and their tier together.
  const [row] = await db.query<{ created_at: Date; birthday: string | null; tier_id: string | null }>(
    `select m.created_at, m.birthday::text as birthday, t.tier_id from members m left join member_tiers t on t.member_id = m.id
     where m.id = $1 and m.status = 'active'`,
    [memberId],
  );
  if (!row) return none; // the write itself refuses a missing or erased member
  return { tier: row.tier_id, tags: [], joinedAt: row.created_at, birthdayMonth: row.birthday ? Number(row.birthday.slice(5, 7)) : null };
}

/**
 * What an order earns under the program: its rules (or the base rate), scaled by the member's tier
 * benefit. Null when neither applies, so the order takes the plain base-rate path with no reads.
 */
export async function programEarner(
  db: Sql,
  program: ProgramConfig,
  snapshot: { rules: readonly RuleVersion[]; ladder: TierLadder | null },
  input: CreateOrderInput,
  usage?: ReadonlyMap<string, RuleUsage>,
  onEvaluated?: (effects: EvaluatedEffect[]) => void,
): Promise<OrderEarner | null> {
  const { rules, ladder } = snapshot;
  const scales = ladderScalesEarning(ladder);
  if (rules.length === 0 && !scales) return null;
  const member = await memberContext(db, rules, input.memberId, scales);
  const earn = rules.length > 0 ? ruleEarner(rules, input, member, usage, onEvaluated) : baseRateEarner(program, input.currency);
  return withTierMultiplier(earn, scales ? tierIn(ladder, member.tier) : null);
}

/** An `OrderEarner` that applies `rules`; effects of the evaluation are reported through `onEvaluated`. */
export function ruleEarner(
  rules: readonly RuleVersion[],
  input: CreateOrderInput,
  member: EvaluationContext['member'],
  usage: ReadonlyMap<string, RuleUsage> = new Map(),
  onEvaluated?: (effects: EvaluatedEffect[]) => void,
): OrderEarner {
  return (lines, total) => {
    const result = evaluateRules(rules, {
      event: { type: 'order', occurredAt: new Date(input.occurredAt), properties: {} },
      member,
      order: { total, currency: input.currency, storeId: input.storeId ?? null, channel: input.channel ?? null, lines },
    }, usage);
    onEvaluated?.(result.effects);
    return { points: result.points, linePoints: result.lines.map((l) => l.points), rules: result.explanation };
  };
}
