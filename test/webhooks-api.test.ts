// Webhooks end to end against real local HTTP receivers: endpoints and their secrets, Standard Webhooks
// signatures (checked with the standardwebhooks package), filters, retries, the dead letter, replay,
// per-member ordering, and API writes that never wait for a receiver.
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDeliveries } from '../src/modules/webhooks/fan-out.js';
import { claimDueDeliveries, recordAttempts } from '../src/modules/webhooks/queue.js';
import { createWebhookSender, type WebhookSender } from '../src/worker/webhook-sender.js';
import { sendDueDeliveries, startWebhookDispatcher } from '../src/worker/webhook-dispatcher.js';
import { call, createMemberVia, createTestApp, type TestApp } from './harness.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const SETTINGS = { webhookRetryBaseMs: 10, webhookRetryCapMs: 40, webhookMaxAttempts: 3, webhookTimeoutMs: 2000, webhookLeaseMs: 5000, webhookBatchSize: 50 };

let t: TestApp;
let receiver: Receiver;
let sender: WebhookSender;
beforeAll(async () => {
  t = await createTestApp({}, SETTINGS);
  receiver = await startReceiver();
  sender = createWebhookSender({ timeoutMs: SETTINGS.webhookTimeoutMs, maxSockets: 10 });
});
afterAll(async () => {
  sender?.close();
  await receiver?.close();
  await t?.drop();
});
// Each test starts with no endpoints and nothing left in the outbox.
beforeEach(async () => {
  await t.db.query('update outbox set dispatched_at = now() where dispatched_at is null');
  receiver.received.length = 0;
  receiver.answer = () => 200;
});
afterEach(async () => {
  await t.db.query('delete from webhook_endpoints');
});

async function createEndpoint(path: string, eventTypes: string[] = []): Promise<{ id: string; secret: string }> {
  const response = await call(t, 'POST', '/v1/webhooks/endpoints', { url: `${receiver.url}${path}`, eventTypes });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Runs dispatcher rounds until `done` holds (retries come due after a few ms). */
async function dispatchUntil(done: () => boolean | Promise<boolean>, config: Partial<typeof SETTINGS> = {}, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await enqueueDeliveries(t.db, t.config.webhookBatchSize, new Date());
    await sendDueDeliveries(t.db, { ...t.config, ...config }, sender);
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`not done after ${rounds} rounds; received ${receiver.received.length}`);
}

async function deliveries(query = ''): Promise<any[]> {
  const response = await call(t, 'GET', `/v1/webhooks/deliveries?limit=200${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data;
}

async function adjust(memberId: string, points: number): Promise<void> {
  const response = await call(t, 'POST', `/v1/members/${memberId}/adjustments`, { points, reason: 'webhook test' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

describe('endpoints', () => {
  it('shows the whsec_ secret at creation only, and refuses non-http URLs and unknown filters', async () => {
    const created = await createEndpoint('/a', ['points.*', 'tier.upgraded']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const fetched = await call(t, 'GET', `/v1/webhooks/endpoints/${created.id}`);
    expect(fetched.body).toMatchObject({ id: created.id, url: `${receiver.url}/a`, eventTypes: ['points.*', 'tier.upgraded'], enabled: true, previousSecretExpiresAt: null });
    const listed = await call(t, 'GET', '/v1/webhooks/endpoints');
    expect(JSON.stringify([fetched.body, listed.body])).not.toContain('whsec_');

    const patched = await call(t, 'PATCH', `/v1/webhooks/endpoints/${created.id}`, { enabled: false, description: 'CRM' });
    expect(patched.body).toMatchObject({ enabled: false, description: 'CRM', eventTypes: ['points.*', 'tier.upgraded'] });
    expect(JSON.stringify(patched.body)).not.toContain('whsec_');

    for (const [body, message] of [
      [{ url: 'ftp://example.com/hook' }, 'must be an http or https URL'],
      [{ url: 'not a url' }, 'must be an http or https URL'],
      [{ url: 'http://example.com', eventTypes: ['point.earned'] }, 'unknown event type point.earned'],
      [{ url: 'http://example.com', eventTypes: ['*'] }, 'a wildcard may only stand for a whole domain'],
      [{ url: 'http://example.com', eventTypes: ['loyalty.*'] }, 'unknown event domain loyalty'],
    ] as const) {
      const refused = await call(t, 'POST', '/v1/webhooks/endpoints', body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(refused.body.errors[0].message).toContain(message);
    }
    const badPatch = await call(t, 'PATCH', `/v1/webhooks/endpoints/${created.id}`, { url: 'javascript:alert(1)' });
    expect(badPatch.status).toBe(400);

    expect((await call(t, 'DELETE', `/v1/webhooks/endpoints/${created.id}`)).status).toBe(204);
    const gone = await call(t, 'GET', `/v1/webhooks/endpoints/${created.id}`);
    expect([gone.status, gone.body.code]).toEqual([404, 'webhook_endpoint_not_found']);
    const replayUnknown = await call(t, 'POST', '/v1/webhooks/deliveries/msg_01jd3x8k2q9v7c4m5n6p7r8s9t/replay');
    expect([replayUnknown.status, replayUnknown.body.code]).toEqual([404, 'webhook_delivery_not_found']);
  });

  it('creation honours Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'webhook-create-1' };
    const first = await call(t, 'POST', '/v1/webhooks/endpoints', { url: `${receiver.url}/idem` }, { headers });
    const again = await call(t, 'POST', '/v1/webhooks/endpoints', { url: `${receiver.url}/idem` }, { headers });
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});

describe('delivery', () => {
  it('signs per Standard Webhooks and sends each endpoint only the events its filters match', async () => {
    const members = await createEndpoint('/members', ['member.*']);
    const points = await createEndpoint('/points', ['points.adjusted']);
    const everything = await createEndpoint('/all');
    const memberId = await createMemberVia(t);
    await adjust(memberId, 25);
    await dispatchUntil(() => receiver.received.length === 4);

    const byPath = (path: string) => receiver.received.filter((r) => r.path === path).map((r) => r.type);
    expect(byPath('/members')).toEqual(['member.created']);
    expect(byPath('/points')).toEqual(['points.adjusted']);
    expect(byPath('/all')).toEqual(['member.created', 'points.adjusted']);
    const secrets: Record<string, string> = { '/members': members.secret, '/points': points.secret, '/all': everything.secret };
    for (const r of receiver.received) {
      const verified = new Webhook(secrets[r.path]!).verify(r.body, r.headers as Record<string, string>) as { type: string; data: unknown; memberId: string };
      expect(verified).toMatchObject({ type: r.type, memberId });
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(() => new Webhook(secrets[r.path === '/all' ? '/points' : '/all']!).verify(r.body, r.headers as Record<string, string>)).toThrow();
    }
    const adjusted = receiver.received.find((r) => r.path === '/points')!;
    expect(JSON.parse(adjusted.body).data).toMatchObject({ points: 25 });
    expect((await deliveries()).every((d) => d.status === 'delivered' && d.log.length === 1 && d.log[0].statusCode === 200)).toBe(true);
  });

  it('during a rotation every delivery carries both signatures, each valid with its secret', async () => {
    t.setNow(new Date());
    const created = await createEndpoint('/rotating');
    const rotated = await call(t, 'POST', `/v1/webhooks/endpoints/${created.id}/rotate-secret`);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - t.now().getTime()).toBe(24 * 3_600_000);
    await adjust(await createMemberVia(t), 5);
    await dispatchUntil(() => receiver.received.length === 2);
    for (const r of receiver.received) {
      expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const secret of [created.secret, rotated.body.secret]) expect(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).toBeDefined();
    }
    t.setNow(new Date('2026-06-01T12:00:00Z'));
  });

  it('retries a failing receiver with backoff under the same webhook-id until it answers 2xx', async () => {
    await createEndpoint('/flaky');
    let calls = 0;
    receiver.answer = () => ((calls += 1) <= 2 ? 500 : 200);
    await adjust(await createMemberVia(t), 5);
    await t.db.query("delete from outbox where dispatched_at is null and type = 'member.created'");
    await dispatchUntil(() => receiver.received.some((r) => r.status === 200));

    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, nextAttemptAt: null });
    expect(delivery.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.log[0].error).toBe('failed with 500');
  });

  it('dead-letters after the last attempt; replay sends it again with the same webhook-id, dead or delivered', async () => {
    const endpoint = await createEndpoint('/down', ['points.*']);
    receiver.answer = () => 503;
    await adjust(await createMemberVia(t), 5);
    await dispatchUntil(async () => (await deliveries('&status=dead')).length === 1);
    const [dead] = await deliveries(`&endpointId=${endpoint.id}`);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead.log).toHaveLength(3);
    expect(receiver.received).toHaveLength(3);

    receiver.answer = () => 200;
    const replayed = await call(t, 'POST', `/v1/webhooks/deliveries/${dead.id}/replay`);
    expect(replayed.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await dispatchUntil(() => receiver.received.length === 4);
    expect((await call(t, 'POST', `/v1/webhooks/deliveries/${dead.id}/replay`)).status).toBe(200);
    await dispatchUntil(() => receiver.received.length === 5);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([dead.id]));
    const [delivered] = await deliveries(`&endpointId=${endpoint.id}`);
    expect(delivered).toMatchObject({ status: 'delivered' });
    expect(delivered.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 200, 200]);
  });

  it('keeps each member’s events in outbox order: a failing one holds back that member only', async () => {
    await createEndpoint('/ordered', ['points.*']);
    const [blocked, free] = [await createMemberVia(t), await createMemberVia(t)];
    let release = false;
    receiver.answer = (r) => (r.memberId === blocked && !release ? 500 : 200);
    for (const points of [1, 2, 3]) {
      await adjust(blocked, points);
      await adjust(free, points);
    }
    const events = await t.db.query<{ id: string; member_id: string }>("select id, member_id from outbox where type = 'points.adjusted' and dispatched_at is null order by id");
    const order = (memberId: string) => events.filter((e) => e.member_id === memberId).map((e) => e.id);
    const sent = (memberId: string, status: number) => receiver.received.filter((r) => r.memberId === memberId && r.status === status).map((r) => r.eventId);

    // Enough attempts that the blocked member's first event is not dead-lettered (which would release the rest).
    const patient = { webhookMaxAttempts: 1000 };
    await dispatchUntil(() => sent(free, 200).length === 3, patient);
    expect(sent(free, 200)).toEqual(order(free));
    // Only the blocked member's first event was tried: its later ones wait behind it.
    expect(new Set(receiver.received.filter((r) => r.memberId === blocked).map((r) => r.eventId))).toEqual(new Set([order(blocked)[0]]));
    expect(await deliveries(`&memberId=${blocked}&status=pending`)).toHaveLength(3);

    release = true;
    await dispatchUntil(() => sent(blocked, 200).length === 3, patient);
    expect(sent(blocked, 200)).toEqual(order(blocked));
  });

  it('API writes never wait for a receiver that does not answer', async () => {
    await createEndpoint('/hangs');
    receiver.answer = () => null;
    const stop = startWebhookDispatcher(t.db, t.config, () => undefined);
    try {
      const memberId = await createMemberVia(t);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      for (const points of [1, 2, 3, 4, 5]) await adjust(memberId, points);
      expect(performance.now() - started).toBeLessThan(SETTINGS.webhookTimeoutMs);
    } finally {
      await stop();
    }
  });

  it('a worker whose lease was taken over logs its attempt but no longer settles the delivery', async () => {
    await createEndpoint('/leased', ['points.*']);
    await adjust(await createMemberVia(t), 5);
    await enqueueDeliveries(t.db, 100, new Date());
    const [claimed] = await claimDueDeliveries(t.db, { limit: 10, leaseMs: 60_000, token: 'stale' }, new Date());
    expect(claimed).toBeDefined();
    // Another claim cannot take it while the lease runs.
    expect(await claimDueDeliveries(t.db, { limit: 10, leaseMs: 60_000, token: 'other' }, new Date())).toEqual([]);
    await call(t, 'POST', `/v1/webhooks/deliveries/${claimed!.id}/replay`);
    const failed = { id: claimed!.id, attempts: 0, attemptedAt: new Date(), ok: false, statusCode: 500, latencyMs: 3, error: 'late' };
    await recordAttempts(t.db, [failed], { baseMs: 10, capMs: 40, maxAttempts: 1 }, 'stale', new Date());
    const [delivery] = await deliveries(`&status=pending`);
    expect(delivery).toMatchObject({ id: claimed!.id, status: 'pending', attempts: 0 });
    expect(delivery.log).toHaveLength(1);
  });
});
