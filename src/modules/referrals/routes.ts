import type { App } from '../../http/context.js';
import { memberIdParams, page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { attributeReferral } from './attribution.js';
import { memberReferralCode } from './codes.js';
import { attributeReferralBody, listReferralsQuery, memberReferrals, memberReferralsQuery, referral, referralCode, referralProgram } from './contract.js';
import { listReferrals, referralsOfMember } from './reporting.js';
import { getReferralProgram, requireReferralProgram, setReferralProgram } from './settings.js';

const tags = ['referrals'];

/** Referral program settings, codes, attribution and reports. */
export async function referralRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;

  app.put('/v1/program/referrals', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Set the referral program',
      description:
        'Rewards for the referrer and the new member, the qualifying first purchase (at least `minTotal` in `currency` within ' +
        '`withinDays` of signup) and an optional cap of rewarded referrals per referrer. A new version each time; pending ' +
        'referrals keep the rewards they were promised. E.g. {"enabled":true,"referrerReward":{"points":500},"refereeReward":{"points":300},' +
        '"qualifyingPurchase":{"minTotal":2000,"currency":"EUR","withinDays":30},"referrerCap":{"limit":10,"period":"year"}}.',
      body: referralProgram,
      response: { 200: referralProgram, ...problems },
    },
    handler: (request, reply) =>
      rules.invalidateAfter(replyWithTransaction(db, request, reply, 200, (tx) => setReferralProgram(tx, config.program, request.body, clock()))),
  });

  app.get('/v1/program/referrals', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'The referral program',
      description: '404 referral_program_not_configured until one is set.',
      response: { 200: referralProgram, ...problems },
    },
    handler: () => requireReferralProgram(db),
  });

  app.get('/v1/members/:id/referral', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s referral code and link (made on first request)',
      description:
        'The code is stable: the first request makes it, every later one returns it. The link is FIDELIS_PUBLIC_URL/join?ref=CODE, ' +
        'e.g. {"code":"K7Q2M9XH","link":"https://loyalty.example/join?ref=K7Q2M9XH"}.',
      params: memberIdParams,
      response: { 200: referralCode, ...problems },
    },
    handler: (request) => memberReferralCode(db, config, request.params.id, clock()),
  });

  app.post('/v1/referrals', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Attribute a new member to a referral code',
      description:
        'Call right after enrolling the member, e.g. {"code":"K7Q2M9XH","memberId":"mem_…"}. Both get their rewards with the new ' +
        'member’s first qualifying purchase. 422 referral_self (same member, email, phone, or mutual referral), ' +
        'referral_member_not_new (has bought, or joined too long ago), referral_program_disabled; 404 referral_code_not_found; ' +
        '409 member_already_referred. Honours Idempotency-Key.',
      body: attributeReferralBody,
      response: { 201: referral, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, async (tx) => attributeReferral(tx, await getReferralProgram(tx), request.body, clock())),
  });

  app.get('/v1/members/:id/referrals', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Whom a member referred: status and rewards of each, counts, and who referred them',
      description: 'Cursor-paginated, oldest first. Each referral carries an explanation, e.g. "Completed on 2026-06-03 with order ord_…: 500 points to the referrer, 300 to the new member."',
      params: memberIdParams,
      querystring: memberReferralsQuery,
      response: { 200: memberReferrals, ...problems },
    },
    handler: (request) => referralsOfMember(db, request.params.id, request.query),
  });

  app.get('/v1/referrals', {
    config: { roles: [...ACCESS.admin, 'analyst'] },
    schema: {
      tags,
      summary: 'All referrals, filtered by status',
      description: 'Cursor-paginated, oldest first, e.g. GET /v1/referrals?status=completed&limit=100.',
      querystring: listReferralsQuery,
      response: { 200: page(referral), ...problems },
    },
    handler: (request) => listReferrals(db, request.query),
  });
}
