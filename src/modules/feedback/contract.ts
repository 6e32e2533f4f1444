import { z } from 'zod';
import { idOf, timestamp } from '../../http/schemas.js';

const localeTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or he');

/** A text per locale; the member's locale is used, then its language, then the survey's default. */
const localized = z
  .record(localeTag, z.string().trim().min(1).max(500))
  .refine((texts) => Object.keys(texts).length > 0, 'give at least one locale')
  .meta({ example: { en: 'How likely are you to recommend us to a friend?', he: 'עד כמה סביר שתמליצו עלינו לחבר?' } });

const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _');
const base = { id: questionId, text: localized, required: z.boolean().default(true) };
const option = z.object({ id: questionId, text: localized }).strict();

export const npsScale = z
  .object({
    min: z.union([z.literal(0), z.literal(1)]).default(0),
    max: z.literal(10).default(10),
    detractorMax: z.number().int().default(6),
    passiveMax: z.number().int().default(8),
  })
  .strict()
  .refine((s) => s.min <= s.detractorMax && s.detractorMax < s.passiveMax && s.passiveMax < s.max, {
    message: 'need min ≤ detractorMax < passiveMax < max',
  })
  .meta({ description: 'Class bounds; the default is the standard 0–6 / 7–8 / 9–10.' });

export const question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('nps'), scale: npsScale.optional() }).strict(),
  z.object({ ...base, type: z.literal('csat') }).strict().meta({ description: 'Satisfaction 1–5.' }),
  z.object({ ...base, type: z.literal('ces') }).strict().meta({ description: 'Effort 1–7, 7 = very easy.' }),
  z
    .object({ ...base, type: z.literal('rating'), subject: z.enum(['staff', 'store']) })
    .strict()
    .meta({ description: 'Rating 1–5 of the staff member or store of the invitation.' }),
  z.object({ ...base, type: z.literal('single_choice'), options: z.array(option).min(2).max(20) }).strict(),
  z.object({ ...base, type: z.literal('multi_choice'), options: z.array(option).min(2).max(20) }).strict(),
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(5000).default(2000) }).strict(),
]);
export type Question = z.infer<typeof question>;

export const trigger = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('after_order'), delayHours: z.number().int().min(0).max(24 * 60) }).strict(),
    z.object({ type: z.literal('after_staff_interaction') }).strict(),
    z.object({ type: z.literal('periodic'), everyDays: z.number().int().min(7).max(3650) }).strict(),
    z.object({ type: z.literal('manual') }).strict(),
  ])
  .meta({
    description:
      'after_order: the worker invites buyers delayHours after an order; after_staff_interaction: the checkout ' +
      'creates the invitation; periodic: relationship survey every everyDays; manual: campaigns only.',
  });
export type SurveyTrigger = z.infer<typeof trigger>;

const KEY_SCORES = ['nps', 'csat', 'ces'] as const;

const surveyFields = {
  name: z.string().trim().min(1).max(200),
  defaultLocale: localeTag.default('en'),
  questions: z
    .array(question)
    .min(1)
    .max(30)
    .superRefine((questions, ctx) => {
      const seen = new Set<string>();
      questions.forEach((q, index) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate question id ${q.id}` });
        seen.add(q.id);
      });
      // One of each headline score per survey, so a response has one NPS, one CSAT, one CES.
      for (const type of KEY_SCORES) {
        if (questions.filter((q) => q.type === type).length > 1) ctx.addIssue({ code: 'custom', path: [], message: `at most one ${type} question` });
      }
    }),
  trigger,
  invitationTtlDays: z.number().int().min(1).max(365).default(14),
  active: z.boolean().default(true),
};

export const createSurveyBody = z
  .object(surveyFields)
  .strict()
  .superRefine((s, ctx) => {
    for (const q of s.questions) {
      const texts = [q.text, ...('options' in q ? q.options.map((o) => o.text) : [])];
      if (texts.some((t) => !(s.defaultLocale in t))) {
        ctx.addIssue({ code: 'custom', path: ['questions'], message: `question ${q.id} needs a text in the default locale ${s.defaultLocale}` });
      }
    }
  })
  .meta({ id: 'CreateSurvey' });
export type CreateSurveyInput = z.infer<typeof createSurveyBody>;

export const updateSurveyBody = z
  .object({ name: surveyFields.name, trigger, invitationTtlDays: surveyFields.invitationTtlDays.unwrap(), active: z.boolean() })
  .partial()
  .strict()
  .meta({ id: 'UpdateSurvey', description: 'Questions are fixed once created, so every response means what its survey said.' });
export type UpdateSurveyInput = z.infer<typeof updateSurveyBody>;

export const survey = z
  .object({
    id: idOf('svy'),
    name: z.string(),
    defaultLocale: z.string(),
    questions: z.array(question),
    trigger,
    invitationTtlDays: z.number().int(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Survey' });
export type Survey = z.infer<typeof survey>;

export const surveyIdParams = z.object({ id: idOf('svy') });

const channel = z.enum(['email', 'sms', 'wallet', 'checkout', 'web', 'api']);

export const createInvitationBody = z
  .object({
    surveyId: idOf('svy'),
    memberId: idOf('mem'),
    channel: channel.default('checkout'),
    orderId: idOf('ord').optional(),
    storeId: z.string().min(1).max(100).optional(),
    staffId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .meta({ id: 'CreateInvitation' });
export type CreateInvitationInput = z.infer<typeof createInvitationBody>;

export const invitation = z
  .object({
    id: idOf('inv'),
    surveyId: idOf('svy'),
    memberId: idOf('mem'),
    channel: z.string(),
    status: z.enum(['sent', 'responded', 'suppressed']),
    expiresAt: z.string(),
    token: z.string().meta({ description: 'Signed; the member answers at /s/<token> without logging in.' }),
    url: z.string(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitation>;

export const campaignBody = z
  .object({
    memberIds: z.array(idOf('mem')).min(1).max(10_000).optional(),
    segmentId: idOf('seg').optional().meta({ description: 'Invite the members of this saved segment (as it is now).' }),
    orderedWithinDays: z.number().int().min(1).max(3650).optional(),
    storeId: z.string().min(1).max(100).optional(),
    limit: z.number().int().min(1).max(100_000).default(10_000),
  })
  .strict()
  .refine((c) => [c.memberIds, c.segmentId, c.orderedWithinDays].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of memberIds, segmentId or orderedWithinDays',
    path: ['memberIds'],
  })
  .meta({ id: 'SurveyCampaign' });
export type CampaignInput = z.infer<typeof campaignBody>;

export const campaignResult = z.object({ considered: z.number().int(), invited: z.number().int(), suppressed: z.record(z.string(), z.number().int()) });

const answerValue = z.union([z.number().int(), z.string().max(5000), z.array(z.string().max(40)).max(20)]);
export const answer = z.object({ questionId, value: answerValue }).strict();
export type Answer = z.infer<typeof answer>;

export const tokenAnswerBody = z
  .object({ answers: z.array(answer).min(1).max(30), locale: localeTag.optional() })
  .strict()
  .meta({ id: 'SurveyAnswers' });

export const createResponseBody = z
  .object({
    invitationId: idOf('inv').optional(),
    surveyId: idOf('svy').optional(),
    memberId: idOf('mem').optional(),
    channel: channel.default('api'),
    orderId: idOf('ord').optional(),
    storeId: z.string().min(1).max(100).optional(),
    staffId: z.string().min(1).max(100).optional(),
    submittedAt: timestamp.optional(),
    locale: localeTag.optional(),
    answers: z.array(answer).min(1).max(30),
  })
  .strict()
  .refine((r) => r.invitationId !== undefined || (r.surveyId !== undefined && r.memberId !== undefined), {
    message: 'give invitationId, or surveyId and memberId',
    path: ['invitationId'],
  })
  .meta({ id: 'CreateFeedbackResponse' });
export type CreateResponseInput = z.infer<typeof createResponseBody>;

export const feedbackResponse = z
  .object({
    id: idOf('fbk'),
    surveyId: idOf('svy'),
    invitationId: idOf('inv').nullable(),
    memberId: idOf('mem'),
    channel: z.string(),
    orderId: z.string().nullable(),
    storeId: z.string().nullable(),
    staffId: z.string().nullable(),
    categories: z.array(z.string()),
    npsScore: z.number().int().nullable(),
    npsClass: z.enum(['promoter', 'passive', 'detractor']).nullable(),
    csat: z.number().int().nullable(),
    ces: z.number().int().nullable(),
    staffRating: z.number().int().nullable(),
    storeRating: z.number().int().nullable(),
    comment: z.string().nullable(),
    answers: z.array(answer),
    submittedAt: z.string(),
    followUpId: idOf('fup').nullable(),
  })
  .meta({ id: 'FeedbackResponse' });
export type FeedbackResponse = z.infer<typeof feedbackResponse>;

export const listResponsesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idOf('fbk').optional(),
  surveyId: idOf('svy').optional(),
  memberId: idOf('mem').optional(),
  npsClass: z.enum(['promoter', 'passive', 'detractor']).optional(),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Words that must all occur in the comment.' }),
});

export const followUp = z
  .object({
    id: idOf('fup'),
    responseId: idOf('fbk'),
    memberId: idOf('mem'),
    reason: z.enum(['detractor', 'low_csat']),
    status: z.enum(['open', 'in_progress', 'done']),
    assignee: z.string().nullable(),
    dueAt: z.string(),
    outcome: z.string().nullable(),
    comment: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof followUp>;

export const listFollowUpsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idOf('fup').optional(),
  status: z.enum(['open', 'in_progress', 'done']).optional(),
  assignee: z.string().max(200).optional(),
  memberId: idOf('mem').optional().meta({ description: 'only this member’s follow-ups' }),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const updateFollowUpBody = z
  .object({
    status: z.enum(['open', 'in_progress', 'done']),
    assignee: z.string().trim().min(1).max(200).nullable(),
    dueAt: timestamp,
    outcome: z.string().trim().min(1).max(2000).nullable(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field')
  .meta({ id: 'UpdateFollowUp' });
export type UpdateFollowUpInput = z.infer<typeof updateFollowUpBody>;

export const followUpParams = z.object({ id: idOf('fup') });

export const BREAKDOWNS = ['store', 'staff', 'channel', 'category', 'survey', 'tier', 'segment'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const metricsQuery = z
  .object({
    from: timestamp.optional(),
    to: timestamp.optional(),
    surveyId: idOf('svy').optional(),
    storeId: z.string().min(1).max(100).optional().meta({ description: 'Only answers (and invitations) about this store.' }),
    staffId: z.string().min(1).max(100).optional().meta({ description: 'Only answers (and invitations) about this staff member.' }),
    by: z.enum(BREAKDOWNS).optional(),
    interval: z.enum(['week', 'month']).optional().meta({ description: 'Adds a trend: one row per week or month.' }),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });
export type MetricsQuery = z.infer<typeof metricsQuery>;

const nullableNumber = z.number().nullable();
export const metricFigures = z.object({
  responses: z.number().int(),
  nps: nullableNumber,
  npsCi95: z.object({ low: z.number(), high: z.number() }).nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  csat: nullableNumber.meta({ description: '% of CSAT answers that are 4 or 5.' }),
  csatResponses: z.number().int(),
  ces: nullableNumber.meta({ description: 'Mean CES, 1–7.' }),
  cesResponses: z.number().int(),
});
export type MetricFigures = z.infer<typeof metricFigures>;

export const feedbackMetrics = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    overall: metricFigures.extend({
      invitations: z.number().int(),
      responseRate: nullableNumber.meta({ description: '% of invitations sent in the period that were answered.' }),
    }),
    groups: z.array(metricFigures.extend({ key: z.string().nullable() })).optional(),
    trend: z.array(metricFigures.extend({ period: z.string() })).optional(),
  })
  .meta({ id: 'FeedbackMetrics' });
export type FeedbackMetrics = z.infer<typeof feedbackMetrics>;

export const QUADRANTS = ['loyal_satisfied', 'satisfied_drifting', 'loyal_unhappy', 'lost'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const satisfactionLoyaltyQuery = z.object({
  membersPerQuadrant: z.coerce.number().int().min(0).max(1000).default(20),
});

const quadrantMember = z.object({
  memberId: z.string(),
  score: z.string().meta({ example: 'nps 9' }),
  ordersLast90Days: z.number().int(),
  ordersLast365Days: z.number().int(),
  daysSinceLastOrder: z.number().int().nullable(),
  usualIntervalDays: z.number().nullable(),
});
export const satisfactionLoyalty = z
  .object({
    asOf: z.string(),
    respondents: z.number().int(),
    quadrants: z.array(z.object({ quadrant: z.enum(QUADRANTS), label: z.string(), count: z.number().int(), members: z.array(quadrantMember) })),
  })
  .meta({ id: 'SatisfactionVsLoyalty' });
export type SatisfactionLoyalty = z.infer<typeof satisfactionLoyalty>;
