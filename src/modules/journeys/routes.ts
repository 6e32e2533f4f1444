import type { App } from '../../http/context.js';
import { page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { journey, journeyBody, journeyIdParams, journeyStats, journeyTemplates, listJourneysQuery } from './contract.js';
import { createJourney, getJourney, listJourneys, replaceJourney, setJourneyStatus } from './service.js';
import { journeyStats as statsOf } from './stats.js';
import { JOURNEY_TEMPLATES } from './templates.js';

const tags = ['journeys'];

const EXAMPLE =
  'E.g. {"name":"Welcome","trigger":{"kind":"member.enrolled"},"steps":[{"wait":"PT0M","action":{"type":"grant_points","points":100,"reason":"welcome bonus"}},' +
  '{"wait":"P7D","condition":{"all":[{"kind":"no_order_since_entry"},{"kind":"has_consent"}]},"action":{"type":"send_email","template":{"fallbackLocale":"en",' +
  '"locales":{"en":{"subject":"Welcome, {{name}}!","body":"Hello {{name}} … {{unsubscribeUrl}}"}}}}}]}.';

/** Journeys as data: the worker's `journeys` job enrols members and runs the steps. */
export async function journeyRoutes(app: App): Promise<void> {
  const { db, clock } = app.fidelis;

  app.post('/v1/journeys', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create a journey (active at once)',
      description:
        'A trigger and ordered steps, each a wait, an optional condition and one action. Only what happens after creation triggers it, except the ' +
        'standing states birthday, anniversary, at_risk and segment (members of a saved segment, e.g. one filtered by P(alive) band, each entering once). ' +
        '422 journey_reference_unknown for a coupon, reward or segment that does not exist. ' +
        `Honours Idempotency-Key. ${EXAMPLE}`,
      body: journeyBody,
      response: { 201: journey, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createJourney(tx, request.body, clock())),
  });

  app.get('/v1/journeys', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'List journeys', description: 'Cursor-paginated, oldest first.', querystring: listJourneysQuery, response: { 200: page(journey), ...problems } },
    handler: (request) => listJourneys(db, request.query),
  });

  app.get('/v1/journeys/templates', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Ready-made journeys',
      description: 'Welcome series, birthday gift, 10th order, win-back and tier-up congratulation, each a body to POST to /v1/journeys as is or adapted.',
      response: { 200: journeyTemplates, ...problems },
    },
    handler: () => ({ data: JOURNEY_TEMPLATES }),
  });

  app.get('/v1/journeys/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a journey', params: journeyIdParams, response: { 200: journey, ...problems } },
    handler: (request) => getJourney(db, request.params.id),
  });

  app.put('/v1/journeys/:id', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Replace a journey’s definition',
      description: `Members already inside go on at their step index with the new steps. ${EXAMPLE}`,
      params: journeyIdParams,
      body: journeyBody,
      response: { 200: journey, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => replaceJourney(tx, request.params.id, request.body, clock())),
  });

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(`/v1/journeys/:id/${action}`, {
      config: { roles: ACCESS.admin },
      schema: {
        tags,
        summary: action === 'pause' ? 'Pause a journey' : 'Resume a paused journey',
        description:
          action === 'pause'
            ? 'Nobody enters and no step runs until it is resumed; e.g. {"id":"jrn_…","status":"paused",…}. Honours Idempotency-Key.'
            : 'Steps that fell due while paused run at the next pass; e.g. {"id":"jrn_…","status":"active",…}. Honours Idempotency-Key.',
        params: journeyIdParams,
        response: { 200: journey, ...problems },
      },
      handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => setJourneyStatus(tx, request.params.id, status, clock())),
    });
  }

  app.get('/v1/journeys/:id/stats', {
    config: { roles: ACCESS.analyze },
    schema: {
      tags,
      summary: 'Entered, completed and converted, per journey and per step',
      description: 'Converted: placed an order within 30 days of entering (per step: of the step being done).',
      params: journeyIdParams,
      response: { 200: journeyStats, ...problems },
    },
    handler: (request) => statsOf(db, request.params.id),
  });
}
