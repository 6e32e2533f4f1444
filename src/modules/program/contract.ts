import { z } from 'zod';
import { currencyCode, idOf, minorUnits, timestamp } from '../../http/schemas.js';

/**
 * What a condition can look at. `line.*` fields make a rule apply line by line (only to the lines
 * that match); everything else is about the whole event.
 */
export const FIELDS = [
  'event.type',
  'member.tier',
  'member.tags',
  'member.membershipDays',
  'member.birthdayMonth',
  'member.birthdayThisMonth',
  'order.total',
  'order.currency',
  'order.storeId',
  'order.channel',
  'order.lineCount',
  'line.sku',
  'line.category',
  'line.amount',
  'line.quantity',
  'time.weekday',
  'time.hour',
  'time.month',
] as const;

const fieldPath = z
  .union([z.enum(FIELDS), z.string().regex(/^event\.properties\.[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a known field or event.properties.<name>')])
  .meta({ description: `One of ${FIELDS.join(', ')}, or event.properties.<name>. Times are UTC; weekday 1 = Monday.` });

const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

export const comparison = z
  .object({
    field: fieldPath,
    op: z.enum(['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists']),
    value: z.union([scalar, z.array(scalar).max(200)]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const list = Array.isArray(c.value);
    if ((c.op === 'in' || c.op === 'not_in') && !list) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a list` });
    if (c.op !== 'in' && c.op !== 'not_in' && list) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a single value` });
    if (c.op !== 'exists' && c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a value` });
    if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a number` });
  });
export type Comparison = z.infer<typeof comparison>;

export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const MAX_DEPTH = 8;
/** Conditions nest (all / any / not) to a bounded depth, so evaluation cost stays bounded. */
export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    comparison,
    z.object({ all: z.array(condition).min(1).max(50) }).strict(),
    z.object({ any: z.array(condition).min(1).max(50) }).strict(),
    z.object({ not: condition }).strict(),
  ]),
) as z.ZodType<Condition>;

export function conditionDepth(c: Condition): number {
  if ('all' in c) return 1 + Math.max(...c.all.map(conditionDepth));
  if ('any' in c) return 1 + Math.max(...c.any.map(conditionDepth));
  if ('not' in c) return 1 + conditionDepth(c.not);
  return 1;
}

export const effect = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('points_per_amount'), points: z.number().int().min(1).max(10_000), per: minorUnits.min(1) })
    .strict()
    .meta({ description: 'points for every `per` minor units spent on the matching lines (e.g. 1 per 100 = 1 point per 1.00)' }),
  z.object({ type: z.literal('fixed_points'), points: z.number().int().min(1).max(1_000_000) }).strict(),
  z
    .object({ type: z.literal('multiplier'), factor: z.number().min(1).max(20).multipleOf(0.01) })
    .strict()
    .meta({ description: 'multiplies the points that points_per_amount rules earn on the matching lines (2 = double points)' }),
  z.object({ type: z.literal('grant_reward'), rewardId: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('draw_entries'), campaignId: z.string().min(1).max(100), entries: z.number().int().min(1).max(1000) }).strict(),
]);
export type Effect = z.infer<typeof effect>;

export const EVENT_TYPES = ['order', 'signup', 'birthday', 'profile_completed', 'review_written', 'social_share', 'healthy_activity', 'survey_answered'] as const;
const eventType = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _')
  .meta({ description: `${EVENT_TYPES.join(', ')}, or a custom type the merchant defines` });

export const ruleDefinition = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: '2× points on coffee' }),
    eventTypes: z.array(eventType).min(1).max(20),
    condition: condition.optional(),
    effects: z.array(effect).min(1).max(10),
    priority: z.number().int().min(0).max(1000).default(100),
    exclusive: z.boolean().default(false).meta({ description: 'if it applies, rules of lower priority do not' }),
    activeFrom: timestamp.optional(),
    activeTo: timestamp.optional(),
    caps: z
      .object({
        perMemberPerDay: z.number().int().min(1).optional(),
        perMemberPerMonth: z.number().int().min(1).optional(),
        budget: z.number().int().min(1).optional().meta({ description: 'points this rule may issue in total' }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.condition && conditionDepth(r.condition) > MAX_DEPTH) ctx.addIssue({ code: 'custom', path: ['condition'], message: `nests deeper than ${MAX_DEPTH}` });
    if (r.activeFrom && r.activeTo && r.activeFrom >= r.activeTo) ctx.addIssue({ code: 'custom', path: ['activeTo'], message: 'must be after activeFrom' });
    const amountBased = r.effects.some((e) => e.type === 'points_per_amount' || e.type === 'multiplier');
    if (amountBased && r.eventTypes.some((t) => t !== 'order')) {
      ctx.addIssue({ code: 'custom', path: ['effects'], message: 'points_per_amount and multiplier apply to order events only' });
    }
  })
  .meta({ id: 'RuleDefinition' });
export type RuleDefinition = z.infer<typeof ruleDefinition>;

export const rule = z
  .object({
    id: idOf('rul'),
    version: z.number().int(),
    status: z.enum(['active', 'retired']),
    createdAt: z.string(),
    definition: ruleDefinition,
  })
  .meta({ id: 'Rule' });
export type Rule = z.infer<typeof rule>;

export const ruleIdParams = z.object({ id: idOf('rul') });

const line = z.object({
  lineId: z.string().min(1).max(64),
  sku: z.string().min(1).max(64),
  category: z.string().max(64).optional(),
  quantity: z.number().int().min(1).max(100_000),
  unitPrice: minorUnits,
  discount: minorUnits.optional(),
});

/** The event a dry run evaluates: an order (with lines) or any other member action. */
export const sampleEvent = z
  .object({
    type: eventType,
    occurredAt: timestamp,
    properties: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
    order: z.object({ currency: currencyCode, storeId: z.string().max(100).optional(), channel: z.string().max(40).optional(), lines: z.array(line).min(1).max(500) }).optional(),
  })
  .strict()
  .refine((e) => (e.type === 'order') === (e.order !== undefined), { message: 'an order event needs `order`, other events must not have it', path: ['order'] });

const sampleMember = z
  .object({
    tier: z.string().max(40).nullable().default(null),
    tags: z.array(z.string().max(40)).max(50).default([]),
    joinedAt: timestamp.optional(),
    birthday: z.iso.date().optional(),
  })
  .strict();

export const dryRunBody = z
  .object({
    rules: z.array(ruleDefinition).max(200).optional().meta({ description: 'A draft rule set; omitted, the active rules are used.' }),
    memberId: idOf('mem').optional().meta({ description: 'Evaluate for this member (tier, tags, tenure, birthday); or give `member`.' }),
    member: sampleMember.optional(),
    event: sampleEvent,
  })
  .strict()
  .meta({ id: 'DryRun' });
export type DryRunInput = z.infer<typeof dryRunBody>;

export const evaluation = z
  .object({
    points: z.number().int(),
    lines: z.array(z.object({ lineId: z.string(), points: z.number().int() })),
    effects: z.array(
      z.object({
        rule: z.string(),
        ruleId: z.string().nullable(),
        version: z.number().int().nullable(),
        type: z.string(),
        points: z.number().int(),
        rewardId: z.string().optional(),
        campaignId: z.string().optional(),
        entries: z.number().int().optional(),
        capped: z.boolean(),
      }),
    ),
    explanation: z.array(z.string()),
  })
  .meta({ id: 'RuleEvaluation' });
export type Evaluation = z.infer<typeof evaluation>;

export const activityBody = z
  .object({
    eventId: z.string().min(1).max(128).meta({ description: 'Your id for this event; sending it again never earns twice.', example: 'review-88231' }),
    memberId: idOf('mem'),
    type: eventType,
    occurredAt: timestamp,
    properties: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  })
  .strict()
  .refine((a) => a.type !== 'order', { message: 'orders go to POST /v1/orders', path: ['type'] })
  .meta({ id: 'MemberEvent' });
export type ActivityInput = z.infer<typeof activityBody>;

export const activity = z
  .object({
    id: idOf('act'),
    eventId: z.string(),
    memberId: idOf('mem'),
    type: z.string(),
    occurredAt: z.string(),
    points: z.number().int(),
    entryId: z.string().nullable(),
    explanation: z.array(z.string()),
    effects: evaluation.shape.effects,
  })
  .meta({ id: 'MemberActivity' });
export type Activity = z.infer<typeof activity>;

export const backtestBody = z
  .object({
    rules: z.array(ruleDefinition).min(1).max(200),
    from: timestamp,
    to: timestamp,
    maxEvents: z.number().int().min(1).max(1_000_000).default(200_000),
  })
  .strict()
  .refine((b) => b.from < b.to, { message: 'from must be before to', path: ['from'] })
  .meta({ id: 'Backtest' });
export type BacktestInput = z.infer<typeof backtestBody>;

const ruleTotal = z.object({ rule: z.string(), points: z.number().int(), events: z.number().int(), costMinor: z.number() });
export const backtestResult = z
  .object({
    from: z.string(),
    to: z.string(),
    orders: z.number().int(),
    events: z.number().int(),
    truncated: z.boolean().meta({ description: 'maxEvents was reached; the figures cover the earliest part of the range' }),
    wouldIssue: z.object({ points: z.number().int(), costMinor: z.number() }),
    actuallyIssued: z.object({ points: z.number().int(), costMinor: z.number() }),
    perRule: z.array(ruleTotal),
    perTier: z.array(z.object({ tier: z.string().nullable(), points: z.number().int(), costMinor: z.number() })),
    pointValueMinor: z.number(),
  })
  .meta({ id: 'BacktestResult' });
export type BacktestResult = z.infer<typeof backtestResult>;
