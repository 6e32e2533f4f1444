import { z } from 'zod';
import { idOf, timestamp } from '../../http/schemas.js';
import { segmentFilter } from './filter.js';

export const segmentBody = z
  .object({ name: z.string().trim().min(1).max(200).meta({ example: 'Gold, quiet for 60 days' }), filter: segmentFilter })
  .strict()
  .meta({ id: 'SaveSegment' });
export type SegmentInput = z.infer<typeof segmentBody>;

export const segment = z
  .object({ id: idOf('seg'), name: z.string(), filter: segmentFilter, createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof segment>;

export const segmentIdParams = z.object({ id: idOf('seg') });

export const segmentMember = z
  .object({ id: idOf('mem'), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), marketingConsent: z.boolean() })
  .meta({ id: 'SegmentMember' });
export type SegmentMember = z.infer<typeof segmentMember>;

export const segmentMembersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idOf('mem').optional(),
});

export const segmentMembersPage = z
  .object({
    data: z.array(segmentMember),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable(),
    count: z.number().int().meta({ description: 'members in the segment now, over all pages' }),
  })
  .meta({ id: 'SegmentMembers' });

export const CONTACT_CHANNELS = ['call', 'email', 'visit', 'message'] as const;
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'left_message', 'declined', 'wrong_number'] as const;

export const contactBody = z
  .object({
    channel: z.enum(CONTACT_CHANNELS),
    outcome: z.enum(CONTACT_OUTCOMES),
    note: z.string().trim().min(1).max(2000).optional().meta({ example: 'Happy again after the refund; wants the new catalogue.' }),
    nextStep: z.string().trim().min(1).max(500).optional().meta({ example: 'Send the autumn catalogue' }),
    nextStepAt: timestamp.optional(),
    staffId: z.string().min(1).max(128).optional().meta({ example: 'stf_dana' }),
  })
  .strict()
  .refine((c) => c.nextStepAt === undefined || c.nextStep !== undefined, { message: 'nextStepAt needs a nextStep', path: ['nextStepAt'] })
  .meta({ id: 'LogContact' });
export type ContactInput = z.infer<typeof contactBody>;

export const contact = z
  .object({
    id: idOf('con'),
    memberId: idOf('mem'),
    channel: z.enum(CONTACT_CHANNELS),
    outcome: z.enum(CONTACT_OUTCOMES),
    note: z.string().nullable(),
    nextStep: z.string().nullable(),
    nextStepAt: z.string().nullable(),
    staffId: z.string().nullable(),
    contactedAt: z.string(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contact>;

export const contactsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: idOf('con').optional() });

const ruleSource = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('segment'), segmentId: idOf('seg') }).strict(),
    z
      .object({ type: z.literal('detractor'), withinDays: z.number().int().min(1).max(365).meta({ description: 'answered within the last N days' }) })
      .strict(),
    z
      .object({
        type: z.literal('at_risk'),
        minOverdue: z.number().min(1).max(100).default(2).meta({ description: 'days since last order ÷ usual interval' }),
        minAnnualValue: z.number().int().min(0).default(0).meta({ description: 'yearly spend at risk, minor units' }),
      })
      .strict(),
  ])
  .meta({ description: 'where the rule’s members come from: a saved segment or a built-in trigger' });
export type RuleSource = z.infer<typeof ruleSource>;

export const cadenceRuleBody = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Call Gold members quiet for 60 days' }),
    source: ruleSource,
    notContactedDays: z.number().int().min(0).max(3650).default(0).meta({ description: 'only members not contacted in this many days' }),
    priority: z.number().int().min(1).max(1000).meta({ description: '1 is called first' }),
    assignee: z.string().min(1).max(128).nullable().default(null).meta({ description: 'a staff id, or null for the shared pool' }),
  })
  .strict()
  .meta({ id: 'SaveCadenceRule', example: { name: 'Call Gold quiet for 60 days', source: { type: 'segment', segmentId: 'seg_01jd3x8k2q9v7c4m5n6p7r8s9t' }, notContactedDays: 60, priority: 2, assignee: null } });
export type CadenceRuleInput = z.infer<typeof cadenceRuleBody>;

export const cadenceRule = z
  .object({ id: idOf('cad'), ...cadenceRuleBody.shape, createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'CadenceRule' });
export type CadenceRule = z.infer<typeof cadenceRule>;

export const cadenceRuleIdParams = z.object({ id: idOf('cad') });

export const callListQuery = z.object({
  staffId: z.string().min(1).max(128).optional().meta({ description: 'their own rules and the pool’s; absent: every rule' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const callListEntry = z
  .object({
    memberId: idOf('mem'),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    ruleId: idOf('cad'),
    ruleName: z.string(),
    priority: z.number().int(),
    assignee: z.string().nullable(),
    reason: z.string().meta({ example: 'Gold, not contacted for 74 days' }),
    lastContactAt: z.string().nullable(),
  })
  .meta({ id: 'CallListEntry' });
export type CallListEntry = z.infer<typeof callListEntry>;

export const callList = z.object({ asOf: z.string(), data: z.array(callListEntry) }).meta({ id: 'CallList' });
