// How the program's rules earn on an order: the bridge from the pure evaluator to the order path.
import type { Sql } from '../../db/client.js';
import type { OrderEarner } from '../orders/plan.js';
import { getMember } from '../members/service.js';
import { currentTierId } from './tier-service.js';
import type { CreateOrderInput } from '../orders/contract.js';
import type { Condition } from './contract.js';
import { evaluateRules, type EvaluationContext, type RuleUsage, type RuleVersion } from './evaluate.js';

export function orderRules(rules: readonly RuleVersion[]): RuleVersion[] {
  return rules.filter((r) => r.definition.eventTypes.includes('order'));
}

/** Capped rules need usage read and written under the member's lock, so such orders are not batched. */
export function hasCaps(rules: readonly RuleVersion[]): boolean {
  return rules.some((r) => r.definition.caps !== undefined);
}

function mentionsMember(condition: Condition | undefined): boolean {
  if (!condition) return false;
  if ('all' in condition) return condition.all.some(mentionsMember);
  if ('any' in condition) return condition.any.some(mentionsMember);
  if ('not' in condition) return mentionsMember(condition.not);
  return condition.field.startsWith('member.');
}

/** The member as rules see them; read only when some rule looks at the member. */
export async function memberContext(db: Sql, rules: readonly RuleVersion[], memberId: string): Promise<EvaluationContext['member']> {
  const none = { tier: null, tags: [], joinedAt: null, birthdayMonth: null };
  if (!rules.some((r) => mentionsMember(r.definition.condition))) return none;
  const member = await getMember(db, memberId).catch(() => null);
  if (!member) return none; // the write itself refuses a missing or erased member
  // Tags arrive with segments.
  return { tier: await currentTierId(db, memberId), tags: [], joinedAt: new Date(member.createdAt), birthdayMonth: member.birthday ? Number(member.birthday.slice(5, 7)) : null };
}

/** An `OrderEarner` that applies `rules`; effects of the evaluation are reported through `onEvaluated`. */
export function ruleEarner(
  rules: readonly RuleVersion[],
  input: CreateOrderInput,
  member: EvaluationContext['member'],
  usage: ReadonlyMap<string, RuleUsage> = new Map(),
  onEvaluated?: (effects: { ruleId: string | null; points: number }[]) => void,
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
