import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMemberVia, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.drop());

describe('/metrics', () => {
  it('is for admin and analyst keys only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.keys.staff}` } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.keys.admin}` } })).statusCode).toBe(200);
  });

  it('records latency by route pattern, never by raw path', async () => {
    const memberId = await createMemberVia(t);
    expect((await call(t, 'GET', `/v1/members/${memberId}/balance`)).status).toBe(200);
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.keys.analyst}` } });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/fidelis_http_request_duration_seconds_count\{method="GET",route="\/v1\/members\/:id\/balance",status="200"\} 1/);
    expect(response.body).toContain('fidelis_process_cpu_seconds_total');
    expect(response.body).not.toContain(memberId);
  });
});
