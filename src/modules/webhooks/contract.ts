import { z } from 'zod';
import { idOf, pageQuery } from '../../http/schemas.js';
import { filterProblem } from './filters.js';

const webhookUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'must be an http or https URL' })
  .max(2000)
  .meta({ example: 'https://crm.example.com/hooks/fidelis' });

const eventFilter = z
  .string()
  .max(80)
  .superRefine((filter, context) => {
    const problem = filterProblem(filter);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ example: 'points.*' });

const endpointFields = {
  url: webhookUrl,
  description: z.string().trim().max(500).nullable().meta({ example: 'CRM sync' }),
  eventTypes: z
    .array(eventFilter)
    .max(50)
    .meta({ description: 'exact event types (`points.earned`) or whole domains (`points.*`); empty = every event', example: ['points.*', 'tier.upgraded'] }),
  enabled: z.boolean().meta({ description: 'a disabled endpoint is skipped: events raised meanwhile are not queued for it' }),
};

export const createEndpointBody = z
  .object({ ...endpointFields, description: endpointFields.description.optional(), eventTypes: endpointFields.eventTypes.default([]), enabled: z.boolean().default(true) })
  .strict()
  .meta({ id: 'CreateWebhookEndpoint' });
export type CreateEndpointInput = z.infer<typeof createEndpointBody>;

export const updateEndpointBody = z.object(endpointFields).partial().strict().meta({ id: 'UpdateWebhookEndpoint' });
export type UpdateEndpointInput = z.infer<typeof updateEndpointBody>;

export const endpoint = z
  .object({
    id: idOf('whe'),
    ...endpointFields,
    previousSecretExpiresAt: z.string().nullable().meta({ description: 'until then deliveries are signed with the previous secret too' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type Endpoint = z.infer<typeof endpoint>;

/** The only answers that carry the secret: creation and rotation. */
export const endpointWithSecret = endpoint
  .extend({ secret: z.string().meta({ description: 'shown once; verify signatures with it', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) })
  .meta({ id: 'WebhookEndpointWithSecret' });
export type EndpointWithSecret = z.infer<typeof endpointWithSecret>;

export const endpointIdParams = z.object({ id: idOf('whe') });
export const deliveryIdParams = z.object({ id: idOf('msg') });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryQuery = pageQuery.extend({
  endpointId: idOf('whe').optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  memberId: idOf('mem').optional(),
});
export type DeliveryQuery = z.infer<typeof deliveryQuery>;

export const delivery = z
  .object({
    id: idOf('msg').meta({ description: 'the `webhook-id` header of every attempt: de-duplicate on it' }),
    endpointId: idOf('whe'),
    eventId: idOf('evt'),
    eventType: z.string(),
    memberId: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().meta({ description: 'failed attempts counted towards the dead letter (reset by replay)' }),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    log: z.array(
      z.object({
        attemptedAt: z.string(),
        statusCode: z.number().int().nullable().meta({ description: 'null when no HTTP answer came (timeout, refused connection)' }),
        latencyMs: z.number().int(),
        error: z.string().nullable().meta({ description: 'the start of the error or of the non-2xx response body' }),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery' });
export type Delivery = z.infer<typeof delivery>;
