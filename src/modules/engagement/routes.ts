import { z } from 'zod';
import type { App } from '../../http/context.js';
import { memberIdParams, page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { createCadenceRule, deleteCadenceRule, getCadenceRule, listCadenceRules, replaceCadenceRule } from './cadence.js';
import { buildCallList } from './call-list.js';
import { checkoutLookup as checkoutLookupSchema, checkoutLookupQuery } from './checkout-contract.js';
import { checkoutLookup } from './checkout.js';
import { listContacts, logContact } from './contacts.js';
import { cadenceRule, cadenceRuleBody, cadenceRuleIdParams, callList, callListQuery, contact, contactBody, contactsQuery } from './contract.js';

const tags = ['engagement'];

/** The contact log, cadence rules, the call list and the checkout lookup. */
export async function engagementRoutes(app: App): Promise<void> {
  const { db, config, clock } = app.fidelis;

  app.post('/v1/members/:id/contacts', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Log a contact with a member',
      description:
        'A call, email, visit or message with its outcome and the next step. Any contact starts the contact quiet period ' +
        '(`FIDELIS_CONTACT_QUIET_DAYS`, default 7) during which proactive call lists leave the member out. Raises `member.contacted`. ' +
        'Honours Idempotency-Key. Example body: `{"channel": "call", "outcome": "reached", "note": "Happy again", "nextStep": "Send catalogue", "nextStepAt": "2026-06-08T09:00:00Z", "staffId": "stf_dana"}`.',
      params: memberIdParams,
      body: contactBody,
      response: { 201: contact, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => logContact(tx, request.params.id, request.body, clock())),
  });

  app.get('/v1/members/:id/contacts', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s contact log, newest first',
      description: 'Example: `GET /v1/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t/contacts?limit=20`.',
      params: memberIdParams,
      querystring: contactsQuery,
      response: { 200: page(contact), ...problems },
    },
    handler: (request) => listContacts(db, request.params.id, request.query),
  });

  app.post('/v1/engagement/cadence-rules', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Add a cadence rule',
      description:
        'Members from a saved segment or a built-in trigger (`detractor` within N days of their answer; `at_risk` from the analytics at-risk ranking), ' +
        'only those not contacted in `notContactedDays`, with a priority (1 first) and an assignee (staff id, or null for the pool). Honours Idempotency-Key. ' +
        'Example body: `{"name": "Call every detractor within 2 days", "source": {"type": "detractor", "withinDays": 2}, "priority": 1}`.',
      body: cadenceRuleBody,
      response: { 201: cadenceRule, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createCadenceRule(tx, request.body, clock())),
  });

  app.get('/v1/engagement/cadence-rules', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'List cadence rules, highest priority first', description: 'Example: `GET /v1/engagement/cadence-rules`.', response: { 200: z.object({ data: z.array(cadenceRule) }), ...problems } },
    handler: async () => ({ data: await listCadenceRules(db) }),
  });

  app.get('/v1/engagement/cadence-rules/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a cadence rule', description: 'Example: `GET /v1/engagement/cadence-rules/cad_01jd3x8k2q9v7c4m5n6p7r8s9t`.', params: cadenceRuleIdParams, response: { 200: cadenceRule, ...problems } },
    handler: (request) => getCadenceRule(db, request.params.id),
  });

  app.put('/v1/engagement/cadence-rules/:id', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Replace a cadence rule',
      description: 'Same body as POST, e.g. `{"name": "Gold quiet 60 days", "source": {"type": "segment", "segmentId": "seg_…"}, "notContactedDays": 60, "priority": 2}`.',
      params: cadenceRuleIdParams,
      body: cadenceRuleBody,
      response: { 200: cadenceRule, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => replaceCadenceRule(tx, request.params.id, request.body, clock())),
  });

  app.delete('/v1/engagement/cadence-rules/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Delete a cadence rule', description: 'Example: `DELETE /v1/engagement/cadence-rules/cad_01jd3x8k2q9v7c4m5n6p7r8s9t`.', params: cadenceRuleIdParams, response: { 204: z.null(), ...problems } },
    handler: async (request, reply) => {
      await deleteCadenceRule(db, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/v1/engagement/call-list', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Who to call now, ranked, with a reason per member',
      description:
        'The cadence rules merged: higher priority first, each member once (under their highest-priority rule). Proactive rules list only members with marketing consent ' +
        'and nobody contacted within the contact quiet period; detractor call-backs are service calls, listed until someone contacts the member after their answer. ' +
        'With `staffId`: that person’s rules and the pool’s. Example: `GET /v1/engagement/call-list?staffId=stf_dana&limit=20` → `{"data": [{"reason": "Gold, not contacted for 74 days", …}]}`.',
      querystring: callListQuery,
      response: { 200: callList, ...problems },
    },
    handler: (request) => buildCallList(db, config, request.query, clock()),
  });

  app.get('/v1/checkout/lookup', {
    config: { roles: ACCESS.operate },
    schema: {
      tags: ['checkout'],
      summary: 'Recognise a member at the till in one call',
      description:
        '`q` is a member id, the wallet QR payload `fidelis:mem_…`, an email or a phone number. Returns name, tier, balance, the latest notes, a birthday within 7 days, ' +
        'open follow-ups, a suggested greeting and reward, and whether to ask for a staff rating. 404 `member_not_found`; 400 `checkout_query_invalid`. ' +
        'Example: `GET /v1/checkout/lookup?q=fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t`.',
      querystring: checkoutLookupQuery,
      response: { 200: checkoutLookupSchema, ...problems },
    },
    handler: (request) => checkoutLookup(db, config, request.query.q, clock()),
  });
}
