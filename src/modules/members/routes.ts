import { z } from 'zod';
import type { App } from '../../http/context.js';
import { memberIdParams, page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { raiseSignup } from '../program/lifecycle-events.js';
import { eraseMemberFeedback } from '../feedback/privacy.js';
import { eraseMemberReferralNames } from '../referrals/privacy.js';
import { eraseMemberContactNotes } from '../engagement/privacy.js';
import { createMemberBody, createNoteBody, listMembersQuery, member, note, updateMemberBody } from './contract.js';
import { exportMemberData, memberExport } from './export.js';
import { addNote, createMember, eraseMember, getMember, listMembers, listNotes, updateMember } from './service.js';

const tags = ['members'];

export async function memberRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;

  app.post('/v1/members', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Enrol a member',
      description:
        'At least one of email, phone, externalId. Opens a points account. Honours Idempotency-Key. ' +
        'Raises the `signup` event: rules that earn on it (a welcome bonus) apply in the same transaction.',
      body: createMemberBody,
      response: { 201: member, ...problems },
    },
    handler: async (request, reply) => {
      const now = clock();
      const active = await rules.active();
      return replyWithTransaction(db, request, reply, 201, async (tx) => {
        const created = await createMember(tx, request.body, now);
        await raiseSignup(tx, config.program, active, created, { now, reportDrawFailure: (error) => request.log.error({ err: error }, 'signup draw entries not recorded') });
        return created;
      });
    },
  });

  app.get('/v1/members', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'List or search members',
      description: 'Cursor-paginated by id. Filter exactly by email (any case), phone (E.164) or externalId.',
      querystring: listMembersQuery,
      response: { 200: page(member), ...problems },
    },
    handler: (request) => listMembers(db, request.query),
  });

  app.get('/v1/members/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a member', params: memberIdParams, response: { 200: member, ...problems } },
    handler: (request) => getMember(db, request.params.id),
  });

  app.patch('/v1/members/:id', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Update a member',
      description: 'Absent fields are kept; null clears a field.',
      params: memberIdParams,
      body: updateMemberBody,
      response: { 200: member, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 200, (tx) => updateMember(tx, request.params.id, request.body, clock())),
  });

  app.post('/v1/members/:id/notes', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Add a note for personal recognition',
      description: 'Free text shown to staff at checkout, e.g. "prefers oat milk". Author defaults to the API key name.',
      params: memberIdParams,
      body: createNoteBody,
      response: { 201: note, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, (tx) =>
        addNote(tx, request.params.id, { body: request.body.body, author: request.body.author ?? request.principal.name }, clock()),
      ),
  });

  app.get('/v1/members/:id/notes', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: "List a member's notes, newest first", params: memberIdParams, response: { 200: z.object({ data: z.array(note) }), ...problems } },
    handler: async (request) => ({ data: await listNotes(db, request.params.id) }),
  });

  app.get('/v1/members/:id/export', {
    config: { roles: ACCESS.integrate },
    schema: {
      tags,
      summary: 'GDPR export: everything held about the member',
      params: memberIdParams,
      response: { 200: memberExport, ...problems },
    },
    handler: (request) => exportMemberData(db, request.params.id, clock()),
  });

  app.post('/v1/members/:id/erase', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'GDPR erasure',
      description: 'Scrubs personal data, notes, feedback comments and contact-log notes; the ledger, orders and scores stay under the pseudonymous id.',
      params: memberIdParams,
      response: { 200: member, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, async (tx) => {
        const erased = await eraseMember(tx, request.params.id, clock());
        await eraseMemberFeedback(tx, erased.id);
        await eraseMemberReferralNames(tx, erased.id);
        await eraseMemberContactNotes(tx, erased.id);
        return erased;
      }),
  });
}
