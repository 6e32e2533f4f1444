import { z } from 'zod';
import { idOf, pageQuery, pointsAmount } from '../../http/schemas.js';
import { PLACEHOLDERS, placeholdersIn } from '../messages/templates.js';
import { durationMs } from './timing.js';

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a locale such as en or de-AT');

const duration = z
  .string()
  .refine((value) => durationMs(value) !== null, 'must be a duration in days/hours/minutes such as P3D, PT12H or P1DT30M')
  .meta({ example: 'P3D' });

/** On every trigger but `segment`: only members in this saved segment when the trigger fires enter. */
const onlySegment = {
  segmentId: idOf('seg').optional().meta({ description: 'only members who are in this saved segment at the pass that finds the trigger fired enter' }),
};

export const journeyTrigger = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('member.enrolled'), ...onlySegment }).strict(),
    z.object({ kind: z.literal('birthday'), daysBefore: z.number().int().min(0).max(60).default(0), ...onlySegment }).strict(),
    z.object({ kind: z.literal('order.count'), count: z.number().int().min(1).max(100_000).meta({ description: 'enters when the member places their Nth order' }), ...onlySegment }).strict(),
    z.object({ kind: z.literal('anniversary'), years: z.number().int().min(1).max(100).meta({ description: 'years since the member joined' }), ...onlySegment }).strict(),
    z
      .object({
        kind: z.literal('at_risk'),
        minOverdue: z.number().min(1).max(100).meta({ description: 'days since the last order ÷ the member’s usual interval', example: 2 }),
        ...onlySegment,
      })
      .strict(),
    z
      .object({
        kind: z.literal('segment'),
        segmentId: idOf('seg'),
        reentryAfterDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .optional()
          .meta({ description: 'enter again when a later pass finds the member back in the segment after one found them out of it, at least this many days after their last entry' }),
      })
      .strict()
      .meta({ description: 'enters at the first pass that finds the member in this saved segment (evaluated then, as GET /v1/segments/{id}/members would); once, unless reentryAfterDays is set' }),
    z.object({ kind: z.literal('tier.upgraded'), tier: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional().meta({ description: 'only upgrades to this tier' }), ...onlySegment }).strict(),
  ])
  .meta({ id: 'JourneyTrigger', description: 'What enrols a member. Only what happens after the journey is created counts, except the standing states birthday, anniversary, at_risk and segment.' });
export type JourneyTrigger = z.infer<typeof journeyTrigger>;

export const predicate = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('has_consent') }).strict(),
    z.object({ kind: z.literal('no_order_since_entry') }).strict(),
    z.object({ kind: z.literal('ordered_since_entry') }).strict(),
    z.object({ kind: z.literal('orders_at_least'), count: z.number().int().min(0).max(1_000_000) }).strict(),
    z.object({ kind: z.literal('orders_below'), count: z.number().int().min(1).max(1_000_000) }).strict(),
  ])
  .meta({ id: 'JourneyPredicate' });

const content = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) }).strict();

export const emailTemplate = z
  .object({
    fallbackLocale: locale,
    locales: z.record(locale, content).refine((value) => Object.keys(value).length > 0, 'needs at least one locale'),
  })
  .strict()
  .superRefine((template, ctx) => {
    if (!template.locales[template.fallbackLocale]) ctx.addIssue({ code: 'custom', path: ['fallbackLocale'], message: 'must be one of the locales' });
    for (const [key, value] of Object.entries(template.locales)) {
      for (const field of ['subject', 'body'] as const) {
        const unknown = placeholdersIn(value[field]).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
        if (unknown.length > 0) ctx.addIssue({ code: 'custom', path: ['locales', key, field], message: `unknown placeholder ${unknown.join(', ')}; use ${PLACEHOLDERS.join(', ')}` });
      }
    }
  })
  .meta({ id: 'EmailTemplate', description: `Subject and plain-text body per locale; placeholders {{${PLACEHOLDERS.join('}}, {{')}}}.` });

export const journeyAction = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('grant_points'), points: pointsAmount.max(1_000_000), reason: z.string().trim().min(1).max(200) }).strict(),
    z.object({ type: z.literal('issue_coupon'), couponId: idOf('cpn').meta({ description: 'a coupon whose terms the member’s own single-use code copies' }) }).strict(),
    z.object({ type: z.literal('grant_reward'), rewardId: idOf('rwd') }).strict(),
    z.object({ type: z.literal('send_email'), template: emailTemplate }).strict(),
    z.object({ type: z.literal('create_task'), title: z.string().trim().min(1).max(200), dueInDays: z.number().int().min(0).max(365) }).strict(),
  ])
  .meta({ id: 'JourneyAction' });
export type JourneyAction = z.infer<typeof journeyAction>;

export const journeyStep = z
  .object({
    wait: duration.default('PT0M').meta({ description: 'after entry (first step) or after the previous step' }),
    condition: z
      .object({
        all: z.array(predicate).min(1).max(10),
        onFail: z.enum(['skip', 'exit']).default('skip').meta({ description: 'skip this step, or leave the journey' }),
      })
      .strict()
      .optional(),
    action: journeyAction,
  })
  .strict();
export type JourneyStep = z.infer<typeof journeyStep>;

export const journeyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    trigger: journeyTrigger,
    steps: z.array(journeyStep).min(1).max(20),
  })
  .strict()
  .meta({
    id: 'JourneyDefinition',
    example: {
      name: 'Welcome',
      trigger: { kind: 'member.enrolled' },
      steps: [
        { wait: 'PT0M', action: { type: 'grant_points', points: 100, reason: 'welcome bonus' } },
        {
          wait: 'PT0M',
          condition: { all: [{ kind: 'has_consent' }], onFail: 'skip' },
          action: {
            type: 'send_email',
            template: {
              fallbackLocale: 'en',
              locales: {
                en: { subject: 'Welcome, {{name}}!', body: 'Hello {{name}},\n\n100 welcome points are yours.\n\nUnsubscribe: {{unsubscribeUrl}}' },
                de: { subject: 'Willkommen, {{name}}!', body: 'Hallo {{name}},\n\n100 Willkommenspunkte gehören dir.\n\nAbmelden: {{unsubscribeUrl}}' },
              },
            },
          },
        },
      ],
    },
  });
export type JourneyInput = z.infer<typeof journeyBody>;

export const journey = z
  .object({
    id: idOf('jrn'),
    name: z.string(),
    status: z.enum(['active', 'paused']),
    trigger: journeyTrigger,
    steps: z.array(journeyStep),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Journey' });
export type Journey = z.infer<typeof journey>;

export const journeyIdParams = z.object({ id: idOf('jrn') });
export const listJourneysQuery = pageQuery.extend({ cursor: idOf('jrn').optional() });

const stepStats = z.object({
  step: z.number().int(),
  action: z.string(),
  done: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  converted: z.number().int().meta({ description: 'of those the step was done for, how many ordered within 30 days after it' }),
});

export const journeyStats = z
  .object({
    journeyId: z.string(),
    entered: z.number().int(),
    active: z.number().int(),
    completed: z.number().int(),
    exited: z.number().int(),
    converted: z.number().int().meta({ description: 'members who placed an order within 30 days of entering' }),
    steps: z.array(stepStats),
  })
  .meta({ id: 'JourneyStats', example: { journeyId: 'jrn_01jd3x8k2q9v7c4m5n6p7r8s9t', entered: 120, active: 4, completed: 110, exited: 6, converted: 31, steps: [{ step: 0, action: 'grant_points', done: 116, skipped: 0, failed: 0, converted: 30 }] } });
export type JourneyStats = z.infer<typeof journeyStats>;

export const journeyTemplates = z.object({ data: z.array(z.object({ key: z.string(), description: z.string(), journey: journeyBody })) }).meta({ id: 'JourneyTemplates' });
