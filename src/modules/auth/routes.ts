import { z } from 'zod';
import type { App } from '../../http/context.js';
import { idOf, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS, ROLES } from './roles.js';
import { createApiKey, listApiKeys, revokeApiKey } from './service.js';

const tags = ['api keys'];
const apiKey = z
  .object({ id: idOf('key'), name: z.string(), role: z.enum(ROLES), keyPrefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'ApiKey' });

const toView = <T extends { createdAt: Date; revokedAt: Date | null }>(key: T) => ({
  ...key,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export async function apiKeyRoutes(app: App): Promise<void> {
  const { db, apiKeys } = app.fidelis;

  app.post('/v1/api-keys', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create an API key',
      description: 'The secret `key` is in this response only; Fidelis stores its hash.',
      body: z.object({ name: z.string().min(1).max(100), role: z.enum(ROLES) }).meta({ id: 'CreateApiKey' }),
      response: { 201: apiKey.extend({ key: z.string() }), ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, async (tx) => toView(await createApiKey(tx, request.body))),
  });

  app.get('/v1/api-keys', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: z.object({ data: z.array(apiKey) }), ...problems } },
    handler: async () => ({ data: (await listApiKeys(db)).map(toView) }),
  });

  app.delete('/v1/api-keys/:keyId', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Revoke an API key', params: z.object({ keyId: idOf('key') }), response: { 204: z.null(), ...problems } },
    handler: async (request, reply) => {
      await revokeApiKey(db, request.params.keyId);
      apiKeys.forget(request.params.keyId);
      return reply.status(204).send(null);
    },
  });
}
