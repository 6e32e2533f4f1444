import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

describe('API documentation', () => {
  it('serves OpenAPI 3.1 generated from the zod schemas, every operation summarized and secured', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toEqual({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(doc.paths as Record<string, Record<string, { summary?: string; responses: object }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(19);
    for (const { path, method, operation } of operations) {
      expect(path, `${method} ${path}`).toMatch(/^\/(v1|s|u)\//);
      // The member-facing survey and unsubscribe links are the public surface: their token is the credential.
      if (path.startsWith('/s/') || path.startsWith('/u/')) expect((operation as { security?: unknown[] }).security, `${method} ${path} is public`).toEqual([]);
      expect(operation.summary, `${method} ${path} has a summary`).toBeTruthy();
      expect(Object.keys(operation.responses), `${method} ${path} documents its errors`).toContain('400');
    }
    // Request bodies come from the zod schemas, with their constraints.
    const order = doc.paths['/v1/orders'].post.requestBody.content['application/json'].schema;
    const resolved = order.$ref ? doc.components.schemas[order.$ref.split('/').pop()] : order;
    expect(resolved.required).toEqual(expect.arrayContaining(['memberId', 'currency', 'occurredAt', 'lines']));
    // A body that may be left out is documented so; one that may not, as required.
    expect(doc.paths['/v1/orders'].post.requestBody.required).toBe(true);
    expect(doc.paths['/v1/members/{id}/wallet-link'].post.requestBody.required).toBe(false);
  });

  it('says which key roles may call each operation, as the routes enforce them', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    type Operation = { security?: unknown[]; description?: string; 'x-roles'?: string[] };
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
    for (const { name, operation } of operations) {
      // Member-facing routes (wallet token, survey and unsubscribe links) take no API key, so no role.
      if (operation.security !== undefined) {
        expect(operation['x-roles'], name).toBeUndefined();
        continue;
      }
      expect(operation['x-roles']?.length, name).toBeGreaterThan(0);
      expect(operation.description, name).toContain(`Roles: ${operation['x-roles']!.join(', ')}.`);
    }
    expect(doc.paths['/v1/members'].post['x-roles']).toEqual(['admin', 'staff', 'integration']);
    expect(doc.paths['/v1/program/rules'].post['x-roles']).toEqual(['admin']);
    expect(doc.paths['/v1/analytics/overview'].get['x-roles']).toEqual(['admin', 'analyst', 'integration']);
  });

  it('matches the web app\'s API types: web/src/api/schema.d.ts is what `npm run web:api` makes of this document', async () => {
    const document = t.app.swagger() as Parameters<typeof openapiTS>[0];
    const generated = astToString(await openapiTS(document, { exportType: true }));
    const committed = readFileSync(new URL('../web/src/api/schema.d.ts', import.meta.url), 'utf8');
    expect(committed.slice(committed.indexOf('\n') + 1), 'run `npm run web:api` and commit the result').toBe(generated);
  });

  it('serves Swagger UI at /docs', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/docs' });
    if (response.statusCode === 302) response = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('swagger-ui');
    const css = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
  });
});
