// How the program's rules earn on an order: the bridge from the pure evaluator to the order path.
import type { Sql } from '../../db/client.js';
import type { ProgramConfig } from '../../config.js';
import { baseRateEarner, type OrderEarner } from '../orders/plan.js';
import { ladderScalesEarning, tierIn, withTierMultiplier } from './tier-earning.js';
import type { TierLadder } from './tiers-contract.js';
import { currentTierId } from './tier-service.js';
import type { CreateOrderInput } from '../orders/contract.js';
import { evaluateRules, mentions, type EvaluationContext, type RuleVersion, type UsageLookup } from './evaluate.js';
import type { Member } from '../members/contract.js';
import type { Evaluation } from './contract.js';

export type EvaluatedEffect = Evaluation['effects'][number];

/** Capped rules need usage read and written under the member's lock (see orders/capped-batch.ts). */
export function hasCaps(rules: readonly RuleVersion[]): boolean {
  return rules.some((r) => r.definition.caps !== undefined);
}

/** A stored member as rules see them: tier, tenure and birthday month (tags arrive with segments). */
export async function memberForRules(db: Sql, member: Pick<Member, 'id' | 'createdAt' | 'birthday'>): Promise<EvaluationContext['member']> {
  return { tier: await currentTierId(db, member.id), tags: [], joinedAt: new Date(member.createdAt), birthdayMonth: member.birthday ? Number(member.birthday.slice(5, 7)) : null };
}

type RuleMember = EvaluationContext['member'];
export const NO_MEMBER: RuleMember = { tier: null, tags: [], joinedAt: null, birthdayMonth: null };

export interface EarningSnapshot {
  rules: readonly RuleVersion[];
  ladder: TierLadder | null;
}

const looksAtMembers = new WeakMap<readonly RuleVersion[], boolean>();

/** What an order's pricing must know about its member: nothing, the tier (for a ladder that scales earning), or the member as rules see them. */
export function memberNeeds({ rules, ladder }: EarningSnapshot): 'none' | 'tier' | 'member' {
  let rulesLook = looksAtMembers.get(rules);
  if (rulesLook === undefined) looksAtMembers.set(rules, (rulesLook = rules.some((r) => mentions(r.definition.condition, 'member.'))));
  return rulesLook ? 'member' : ladderScalesEarning(ladder) ? 'tier' : 'none';
}

/** What rules may read of a stored member, as stored: an order priced with these is checked against them when written. */
export interface MemberFacts {
  tierId: string | null;
  createdAt: Date;
  /** `YYYY-MM-DD`, as PostgreSQL writes a date. */
  birthday: string | null;
}

/** Active members' facts by id, in one statement (missing or erased members are left out; the write itself refuses them). */
export async function readMemberFacts(db: Sql, memberIds: readonly string[]): Promise<Map<string, MemberFacts>> {
  const rows = await db.query<{ id: string; created_at: Date; birthday: string | null; tier_id: string | null }>(
    `select m.id, m.created_at, m.birthday::text as birthday, t.tier_id from members m left join member_tiers t on t.member_id = m.id
     where m.id = any($1::text[]) and m.status = 'active'`,
    [memberIds],
  );
  return new Map(rows.map((row) => [row.id, { tierId: row.tier_id, createdAt: row.created_at, birthday: row.birthday }]));
}

/** A member as the snapshot's rules see them: all of them, only the tier (a ladder that scales earning), or nothing. */
export function asRuleMember(facts: MemberFacts | null, needs: ReturnType<typeof memberNeeds>): RuleMember {
  if (!facts || needs === 'none') return NO_MEMBER;
  if (needs === 'tier') return { ...NO_MEMBER, tier: facts.tierId };
  return { tier: facts.tierId, tags: [], joinedAt: facts.createdAt, birthdayMonth: facts.birthday ? Number(facts.birthday.slice(5, 7)) : null };
}

/** Members of many orders as their rules see them, in one statement. */
export async function ruleMembers(db: Sql, snapshot: EarningSnapshot, memberIds: readonly string[]): Promise<Map<string, RuleMember>> {
  const needs = memberNeeds(snapshot);
  if (needs === 'none') return new Map();
  const facts = await readMemberFacts(db, memberIds);
  return new Map([...facts].map(([id, f]) => [id, asRuleMember(f, needs)]));
}

/**
 * What an order earns under the program, given its member: its rules (or the base rate), scaled by
 * the member's tier benefit. Null when neither applies, so the order takes the plain base-rate path.
 */
export function programEarnerFor(
  program: ProgramConfig,
  snapshot: EarningSnapshot,
  input: CreateOrderInput,
  member: RuleMember,
  usage?: UsageLookup,
  onEvaluated?: (effects: EvaluatedEffect[]) => void,
): OrderEarner | null {
  const { rules, ladder } = snapshot;
  const scales = ladderScalesEarning(ladder);
  if (rules.length === 0 && !scales) return null;
  const earn = rules.length > 0 ? ruleEarner(rules, input, member, usage, onEvaluated) : baseRateEarner(program, input.currency);
  return withTierMultiplier(earn, scales ? tierIn(ladder, member.tier) : null);
}

/** An `OrderEarner` that applies `rules`; effects of the evaluation are reported through `onEvaluated`. */
export function ruleEarner(
  rules: readonly RuleVersion[],
  input: CreateOrderInput,
  member: EvaluationContext['member'],
  usage?: UsageLookup,
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
