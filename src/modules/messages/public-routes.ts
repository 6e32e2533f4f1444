// The unsubscribe link in every marketing email: `/u/<token>` works without an API key; the signed token is the credential.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../errors.js';
import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { messagePage } from '../feedback/page.js';
import { unsubscribe, unsubscribeSecret } from './unsubscribe.js';

const tags = ['messages'];
const tokenParams = z.object({ token: z.string().min(10).max(200) });
const DONE = 'You will get no more marketing emails from us. Emails about your orders and account still arrive.';

export async function publicMessageRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  /**
   * A person who opened the link gets a page either way; anything else (a mail client's one-click POST,
   * a script) gets the refusal as problem+json like every other API error, as for the survey link.
   */
  async function unsubscribeAndReply(request: FastifyRequest, token: string, reply: FastifyReply) {
    try {
      await db.transaction(async (tx) => unsubscribe(tx, await unsubscribeSecret(tx, config), token, clock()));
      return html(reply, 200, messagePage('Unsubscribed', DONE));
    } catch (error) {
      if (!(error instanceof DomainError) || !(request.headers.accept ?? '').includes('text/html')) throw error;
      return html(reply, error.status, messagePage('Unsubscribe', error.message));
    }
  }

  app.get('/u/:token', {
    schema: {
      tags,
      summary: 'Unsubscribe from marketing email (the link in every email)',
      security: [],
      description: 'Withdraws the member’s marketing consent and shows a small HTML page. No API key: the signed token is the credential. 404 unsubscribe_link_invalid for a forged or expired link: an HTML page when the request accepts text/html (a browser), problem+json otherwise.',
      params: tokenParams,
      response: { 200: z.string().meta({ example: '<!doctype html>…Unsubscribed…' }), ...problems },
    },
    handler: (request, reply) => unsubscribeAndReply(request, request.params.token, reply),
  });

  app.post('/u/:token', {
    schema: {
      tags,
      summary: 'One-click unsubscribe (RFC 8058, List-Unsubscribe-Post)',
      security: [],
      description: 'What mail clients call for the List-Unsubscribe header’s one-click button; same effect as opening the link.',
      params: tokenParams,
      response: { 200: z.string().meta({ example: '<!doctype html>…Unsubscribed…' }), ...problems },
    },
    handler: (request, reply) => unsubscribeAndReply(request, request.params.token, reply),
  });
}

/** Pages bypass the JSON contract: a string body with its own content type is sent as is. */
function html(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}
