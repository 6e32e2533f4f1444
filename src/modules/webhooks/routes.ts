import { z } from 'zod';
import type { App } from '../../http/context.js';
import { page, pageQuery, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { createEndpointBody, delivery, deliveryIdParams, deliveryQuery, endpoint, endpointIdParams, endpointWithSecret, updateEndpointBody } from './contract.js';
import { listDeliveries, replayDelivery } from './deliveries.js';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, updateEndpoint } from './endpoints.js';

const tags = ['webhooks'];

/** Webhook endpoints, the delivery log and replay; the sending itself happens in the worker. */
export async function webhookRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  app.post('/v1/webhooks/endpoints', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Add a webhook endpoint',
      description:
        'Events matching `eventTypes` (exact types or `domain.*`; empty = all) are POSTed to `url`, signed per the Standard Webhooks spec. ' +
        'The `whsec_` secret is in this answer only. Only http and https URLs are accepted. Honours Idempotency-Key.',
      body: createEndpointBody,
      response: { 201: endpointWithSecret, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createEndpoint(tx, request.body, clock())),
  });

  app.get('/v1/webhooks/endpoints', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'The webhook endpoints, oldest first (secrets are never listed)', querystring: pageQuery, response: { 200: page(endpoint), ...problems } },
    handler: (request) => listEndpoints(db, request.query),
  });

  app.get('/v1/webhooks/endpoints/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'A webhook endpoint', params: endpointIdParams, response: { 200: endpoint, ...problems } },
    handler: (request) => getEndpoint(db, request.params.id),
  });

  app.patch('/v1/webhooks/endpoints/:id', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Change a webhook endpoint (URL, description, filters, enabled)',
      description: 'New filters apply to events fanned out from now on; deliveries already queued are still sent.',
      params: endpointIdParams,
      body: updateEndpointBody,
      response: { 200: endpoint, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => updateEndpoint(tx, request.params.id, request.body, clock())),
  });

  app.delete('/v1/webhooks/endpoints/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: endpointIdParams, response: { 204: z.null(), ...problems } },
    handler: async (request, reply) => {
      await db.transaction((tx) => deleteEndpoint(tx, request.params.id));
      return reply.status(204).send(null);
    },
  });

  app.post('/v1/webhooks/endpoints/:id/rotate-secret', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Issue a new signing secret',
      description:
        `The new secret is in this answer only. The previous one stays valid for FIDELIS_WEBHOOK_SECRET_GRACE_HOURS (default 24 h): ` +
        'meanwhile `webhook-signature` carries both signatures (`v1,<new> v1,<old>`), so receivers can switch at leisure. Honours Idempotency-Key.',
      params: endpointIdParams,
      response: { 200: endpointWithSecret, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => rotateSecret(tx, request.params.id, config.webhookSecretGraceHours, clock())),
  });

  app.get('/v1/webhooks/deliveries', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'The delivery log, newest first',
      description: 'Each delivery with its attempts (time, HTTP status, latency, error excerpt); filter by endpoint, status (pending, delivered, dead) and member.',
      querystring: deliveryQuery,
      response: { 200: page(delivery), ...problems },
    },
    handler: (request) => listDeliveries(db, request.query),
  });

  app.post('/v1/webhooks/deliveries/:id/replay', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Send a delivery again, with the same webhook-id',
      description: 'Works for dead and delivered deliveries alike; a dead one gets a fresh set of attempts. Honours Idempotency-Key.',
      params: deliveryIdParams,
      response: { 200: delivery, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => replayDelivery(tx, request.params.id, clock())),
  });
}
