// The member-facing survey link: `/s/<token>` works without an API key; the signed token is the credential.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../errors.js';
import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { getMember } from '../members/service.js';
import { feedbackResponse, tokenAnswerBody, type CreateResponseInput } from './contract.js';
import { InvitationExpired, InvitationTokenInvalid } from './errors.js';
import { findInvitation, invitationSecret } from './invitations.js';
import { localizeSurvey, messagePage, surveyForm, surveyPage } from './page.js';
import { submitResponse } from './responses.js';
import { getSurvey } from './surveys.js';
import { verifyInvitationToken } from './tokens.js';

const tags = ['feedback'];
const tokenParams = z.object({ token: z.string().min(10).max(200) });

export async function publicFeedbackRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  async function invitationFor(token: string) {
    const check = verifyInvitationToken(await invitationSecret(db, config), token, clock());
    if (!check.ok) throw check.reason === 'expired' ? new InvitationExpired() : new InvitationTokenInvalid();
    return findInvitation(db, check.invitationId).catch(() => {
      throw new InvitationTokenInvalid();
    });
  }

  app.get('/s/:token', {
    schema: {
      tags,
      summary: 'Open a survey link (HTML for browsers, JSON otherwise)',
      security: [],
      description: 'The invitation’s survey in the member’s locale. No API key: the signed token is the credential.',
      params: tokenParams,
      response: { 200: surveyForm, ...problems, 410: problems[404] },
    },
    handler: async (request, reply) => {
      const wantsHtml = (request.headers.accept ?? '').includes('text/html');
      try {
        const invitation = await invitationFor(request.params.token);
        if (invitation.status === 'suppressed') throw new InvitationTokenInvalid();
        const [survey, member] = await Promise.all([getSurvey(db, invitation.survey_id), getMember(db, invitation.member_id)]);
        const form = localizeSurvey(survey, { id: invitation.id, status: invitation.status, expiresAt: invitation.expires_at.toISOString() }, member.locale);
        if (!wantsHtml) return form;
        return html(reply, 200, surveyPage(form, `/s/${request.params.token}`));
      } catch (error) {
        if (!wantsHtml || !(error instanceof DomainError)) throw error;
        return html(reply, error.status, messagePage('Survey', error.message));
      }
    },
  });

  app.post('/s/:token', {
    schema: {
      tags,
      summary: 'Answer a survey link',
      security: [],
      description: 'One answer per invitation: a second submit is 409 invitation_already_answered and stores nothing.',
      params: tokenParams,
      body: tokenAnswerBody,
      response: { 201: feedbackResponse, ...problems, 410: problems[404] },
    },
    handler: async (request, reply) => {
      const invitation = await invitationFor(request.params.token);
      const input = {
        invitationId: invitation.id,
        channel: invitation.channel,
        answers: request.body.answers,
        ...(request.body.locale ? { locale: request.body.locale } : {}),
      } as CreateResponseInput;
      // No Idempotency-Key here (no API key to scope it): the invitation itself admits one answer.
      const response = await db.transaction((tx) => submitResponse(tx, config, input, clock()));
      return reply.status(201).send(response);
    },
  });
}

/** Pages bypass the JSON contract: a string body with its own content type is sent as is. */
function html(reply: unknown, status: number, body: string) {
  return (reply as FastifyReply).status(status).type('text/html; charset=utf-8').send(body);
}
