import { z } from 'zod';
import type { App } from '../../http/context.js';
import { page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import {
  campaignBody,
  campaignResult,
  createInvitationBody,
  createResponseBody,
  createSurveyBody,
  feedbackMetrics as feedbackMetricsSchema,
  feedbackResponse,
  followUp,
  followUpParams,
  invitation,
  listFollowUpsQuery,
  listResponsesQuery,
  metricsQuery,
  satisfactionLoyalty,
  satisfactionLoyaltyQuery,
  survey,
  surveyIdParams,
  updateFollowUpBody,
  updateSurveyBody,
} from './contract.js';
import { FeedbackConsentMissing, FeedbackQuietPeriod } from './errors.js';
import { listFollowUps, updateFollowUp } from './follow-ups.js';
import { invite } from './invitations.js';
import { runCampaign } from './jobs.js';
import { feedbackMetrics, satisfactionVsLoyalty } from './reporting.js';
import { savedSegmentGroups } from './segment-groups.js';
import { listResponses, submitResponse } from './responses.js';
import { createSurvey, getActiveSurvey, getSurvey, listSurveys, updateSurvey } from './surveys.js';

const tags = ['feedback'];

export async function feedbackRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  app.post('/v1/feedback/surveys', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create a survey',
      description: 'Questions (NPS, CSAT, CES, staff/store rating, choices, text) with texts per locale, and a trigger. Honours Idempotency-Key.',
      body: createSurveyBody,
      response: { 201: survey, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createSurvey(tx, request.body, clock())),
  });

  app.get('/v1/feedback/surveys', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'List surveys', response: { 200: z.object({ data: z.array(survey) }), ...problems } },
    handler: async () => ({ data: await listSurveys(db) }),
  });

  app.get('/v1/feedback/surveys/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Get a survey', params: surveyIdParams, response: { 200: survey, ...problems } },
    handler: (request) => getSurvey(db, request.params.id),
  });

  app.patch('/v1/feedback/surveys/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Rename, retrigger, activate or retire a survey', params: surveyIdParams, body: updateSurveyBody, response: { 200: survey, ...problems } },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => updateSurvey(tx, request.params.id, request.body, clock())),
  });

  app.post('/v1/feedback/surveys/:id/campaigns', {
    config: { roles: ACCESS.integrate },
    schema: {
      tags,
      summary: 'Invite a group of members to a survey',
      description: 'The given members, or everyone who ordered in the last N days (at one store). Consent and the quiet period apply to each.',
      params: surveyIdParams,
      body: campaignBody,
      response: { 200: campaignResult, ...problems },
    },
    handler: (request) => runCampaign(db, config, request.params.id, request.body, clock()),
  });

  app.post('/v1/feedback/invitations', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Invite one member (e.g. a staff rating at checkout)',
      description:
        'Returns a signed link (`/s/<token>`) the member answers without logging in. 422 feedback_consent_missing without consent; ' +
        '409 feedback_quiet_period if the member was asked recently; 409 order_already_invited if the survey already asked about `orderId`. ' +
        'Honours Idempotency-Key.',
      body: createInvitationBody,
      response: { 201: invitation, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, async (tx) => {
        const now = clock();
        const outcome = await invite(tx, config, { ...request.body, survey: await getActiveSurvey(tx, request.body.surveyId) }, now, false);
        if (outcome.sent) return outcome.invitation;
        if (outcome.reason === 'no_consent') throw new FeedbackConsentMissing(request.body.memberId);
        throw new FeedbackQuietPeriod(request.body.memberId, config.feedbackQuietDays);
      }),
  });

  app.post('/v1/feedback/responses', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Record an answered survey',
      description:
        'For an invitation (one answer each: 409 invitation_already_answered) or for a survey and member directly (kiosk, wallet). ' +
        'A detractor or CSAT 1–2 opens a follow-up. Honours Idempotency-Key.',
      body: createResponseBody,
      response: { 201: feedbackResponse, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => submitResponse(tx, config, request.body, clock())),
  });

  app.get('/v1/feedback/responses', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'List and search responses',
      description: 'Newest first. `q` finds comments containing all its words.',
      querystring: listResponsesQuery,
      response: { 200: page(feedbackResponse), ...problems },
    },
    handler: (request) => listResponses(db, request.query),
  });

  app.get('/v1/feedback/metrics', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'NPS with 95% CI, CSAT, CES and response rate',
      description:
        'For a period (`from` inclusive, `to` exclusive), broken down `by` store, staff, channel, category, survey, tier (at answer time) ' +
        'or segment (each saved segment’s members now; segments overlap), with a weekly or monthly trend.',
      querystring: metricsQuery,
      response: { 200: feedbackMetricsSchema, ...problems },
    },
    handler: async (request) => feedbackMetrics(db, request.query, request.query.by === 'segment' ? await savedSegmentGroups(db, config, clock()) : []),
  });

  app.get('/v1/feedback/satisfaction-vs-loyalty', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'What members say beside what they do, in four quadrants',
      description: 'Latest NPS/CSAT per member against their buying rhythm. "Satisfied but drifting" is where most defectors hide.',
      querystring: satisfactionLoyaltyQuery,
      response: { 200: satisfactionLoyalty, ...problems },
    },
    handler: (request) => satisfactionVsLoyalty(db, clock(), request.query.membersPerQuadrant),
  });

  app.get('/v1/feedback/follow-ups', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Follow-ups for the team',
      description: 'Soonest due first; filter by status, assignee, member, overdue.',
      querystring: listFollowUpsQuery,
      response: { 200: page(followUp), ...problems },
    },
    handler: (request) => listFollowUps(db, request.query, clock()),
  });

  app.patch('/v1/feedback/follow-ups/:id', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Assign, reschedule or close a follow-up',
      params: followUpParams,
      body: updateFollowUpBody,
      response: { 200: followUp, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => updateFollowUp(tx, request.params.id, request.body, clock())),
  });
}
