import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/service.js';
import { call, createMemberVia, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let memberId: string;
beforeAll(async () => {
  t = await createTestApp({}, { rateLimitPerMinute: 5 });
  memberId = await createMemberVia(t, {}); // one of the admin key's five
});
afterAll(() => t.drop());

describe('rate limits per API key', () => {
  it('counts per key, answers 429 problem+json with Retry-After and RateLimit headers', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await call(t, 'GET', `/v1/members/${memberId}/balance`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(last!.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(String(last!.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['ratelimit-limit']).toBe('5');
    expect(last!.headers['ratelimit-remaining']).toBe('0');

    // Another key has its own budget; unauthenticated and undocumented routes are not counted.
    const staff = await call(t, 'GET', `/v1/members/${memberId}/balance`, undefined, { role: 'staff' });
    expect(staff.status).toBe(200);
    expect(staff.headers['ratelimit-remaining']).toBe('4');
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('a refused request writes nothing', async () => {
    const { key } = await createApiKey(t.db, { name: 'burst', role: 'admin' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push((await t.app.inject({ method: 'POST', url: `/v1/members/${memberId}/notes`, headers, payload: { body: `note ${i}` } })).statusCode);
    }
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
    const notes = await t.db.query<{ n: number }>('select count(*)::int as n from member_notes where member_id = $1', [memberId]);
    expect(notes[0]!.n).toBe(5);
  });
});
