import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { segment, segmentBody, segmentIdParams, segmentMembersPage, segmentMembersQuery } from './contract.js';
import { createSegment, deleteSegment, exportSegmentMembers, getSegment, listSegments, replaceSegment, segmentMembers } from './segments.js';

const tags = ['segments'];
const EXAMPLE =
  'Example bodies: `{"name": "Gold, quiet for 60 days", "filter": {"tiers": ["gold"], "lastOrderBefore": {"daysAgo": 60}, "marketingConsent": true}}`, ' +
  '`{"name": "Fading regulars", "filter": {"pAliveBands": ["at_risk", "likely_lost"], "ordersAtLeast": 3}}`.';

export async function segmentRoutes(app: App): Promise<void> {
  const { db, config, clock } = app.fidelis;

  app.post('/v1/segments', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Save a segment (a member filter)',
      description:
        'Fields AND together; list fields match any of their values. Filter on tiers, RFM segments, last order (absolute or `daysAgo`), ' +
        'order count, spend, the latest NPS class, marketing consent, tags, and the last member-scores run’s P(alive) (bands or bounds; ' +
        'members without an informative P(alive), one-time buyers included, are `unscored`) and true-loyalty band. Unknown fields are refused with their path. ' +
        `Honours Idempotency-Key. ${EXAMPLE}`,
      body: segmentBody,
      response: { 201: segment, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createSegment(tx, request.body, clock())),
  });

  app.get('/v1/segments', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'List segments', description: 'Example: `GET /v1/segments`.', response: { 200: z.object({ data: z.array(segment) }), ...problems } },
    handler: async () => ({ data: await listSegments(db) }),
  });

  app.get('/v1/segments/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a segment', description: 'Example: `GET /v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t`.', params: segmentIdParams, response: { 200: segment, ...problems } },
    handler: (request) => getSegment(db, request.params.id),
  });

  app.put('/v1/segments/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Replace a segment’s name and filter', description: EXAMPLE, params: segmentIdParams, body: segmentBody, response: { 200: segment, ...problems } },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => replaceSegment(tx, request.params.id, request.body, clock())),
  });

  app.delete('/v1/segments/:id', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Delete a segment',
      description: '409 `segment_in_use` while a cadence rule or a journey uses it. Example: `DELETE /v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t`.',
      params: segmentIdParams,
      response: { 204: z.null(), ...problems },
    },
    handler: async (request, reply) => {
      await deleteSegment(db, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/v1/segments/:id/members', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'The segment’s members now, by id, with the total count',
      description: 'Evaluated at request time (relative dates count back from now). Example: `GET /v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t/members?limit=50`.',
      params: segmentIdParams,
      querystring: segmentMembersQuery,
      response: { 200: segmentMembersPage, ...problems },
    },
    handler: (request) => segmentMembers(db, config, request.params.id, request.query, clock()),
  });

  app.get('/v1/segments/:id/members.csv', {
    config: { roles: ACCESS.integrate },
    schema: {
      tags,
      summary: 'Export the segment’s members as CSV (streamed)',
      description:
        'Columns `member_id,name,email,phone,marketing_consent`, one row per member in id order, streamed in batches so any size exports in constant memory. ' +
        'Example: `GET /v1/segments/seg_01jd3x8k2q9v7c4m5n6p7r8s9t/members.csv`.',
      params: segmentIdParams,
      response: { 200: z.unknown().meta({ description: 'text/csv: member_id,name,email,phone,marketing_consent' }), ...problems },
    },
    handler: async (request, reply) => {
      // Resolve the segment first, so an unknown id is a 404 problem and not a broken stream.
      await getSegment(db, request.params.id);
      const rows = Readable.from(exportSegmentMembers(db, config, request.params.id, clock())).map((m) => [m.id, m.name, m.email, m.phone, m.marketingConsent]);
      const csv = rows.pipe(stringify({ header: true, columns: ['member_id', 'name', 'email', 'phone', 'marketing_consent'], cast: { boolean: (value) => String(value) } }));
      rows.on('error', (error) => csv.destroy(error));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${request.params.id}.csv"`).send(csv);
    },
  });
}
