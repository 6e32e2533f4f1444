import type { Sql } from '../../db/client.js';
import { getMember } from '../members/service.js';
import type { DryRunInput, Evaluation } from './contract.js';
import { evaluateRules, type EvaluationContext, type RuleVersion } from './evaluate.js';
import { memberForRules } from './order-earning.js';
import { activeRuleVersions } from './rules.js';
import { ruleUsageFor } from './usage.js';

/** The evaluation context of a sample event, for a stored member or a described one. */
export async function dryRunContext(db: Sql, input: DryRunInput): Promise<EvaluationContext> {
  const occurredAt = new Date(input.event.occurredAt);
  let member: EvaluationContext['member'] = {
    tier: input.member?.tier ?? null,
    tags: input.member?.tags ?? [],
    joinedAt: input.member?.joinedAt ? new Date(input.member.joinedAt) : null,
    birthdayMonth: input.member?.birthday ? Number(input.member.birthday.slice(5, 7)) : null,
  };
  if (input.memberId) member = await memberForRules(db, await getMember(db, input.memberId));
  const order = input.event.order;
  const lines = (order?.lines ?? []).map((l) => ({ lineId: l.lineId, sku: l.sku, category: l.category ?? null, quantity: l.quantity, amount: l.quantity * l.unitPrice - (l.discount ?? 0) }));
  return {
    event: { type: input.event.type, occurredAt, properties: input.event.properties },
    member,
    order: order ? { total: lines.reduce((s, l) => s + l.amount, 0), currency: order.currency, storeId: order.storeId ?? null, channel: order.channel ?? null, lines } : null,
  };
}

/** Evaluates a draft rule set (or the active rules) against one event; writes nothing. */
export async function dryRun(db: Sql, input: DryRunInput): Promise<Evaluation> {
  const context = await dryRunContext(db, input);
  const rules: RuleVersion[] = input.rules ? input.rules.map((definition) => ({ ruleId: null, version: null, definition })) : await activeRuleVersions(db);
  const usage = input.memberId && !input.rules ? await ruleUsageFor(db, rules, input.memberId, context.event.occurredAt) : undefined;
  return evaluateRules(rules, context, usage);
}
