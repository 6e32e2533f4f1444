// Kill the webhook worker with SIGKILL mid-batch, start it again, and count: every event reaches every
// matching endpoint, each (event, endpoint) under exactly one webhook-id, so any resend is a duplicate the
// receiver drops by webhook-id. PostgreSQL only: an embedded database belongs to one process, so there
// the worker cannot crash separately from the API.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordEvents, type DomainEvent } from '../src/modules/events/service.js';
import { call, createTestApp, type TestApp } from './harness.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const BIN = fileURLToPath(new URL('../bin/fidelis.js', import.meta.url));
const EVENTS = 600;
const MEMBERS = 30;
const ENDPOINTS = ['/first', '/second'];

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.drop();
});

function startWorker(): ChildProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && !name.startsWith('FIDELIS_')));
  const env = { ...clean, DATABASE_URL: t.config.databaseUrl!, FIDELIS_WEBHOOK_BATCH_SIZE: '50', FIDELIS_WEBHOOK_TIMEOUT_MS: '1000', FIDELIS_WEBHOOK_LEASE_MS: '1500' };
  return spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out; received ${receiver.received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('a worker killed mid-batch and restarted delivers every event, never under two webhook-ids', async () => {
  for (const path of ENDPOINTS) expect((await call(t, 'POST', '/v1/webhooks/endpoints', { url: receiver.url + path })).status).toBe(201);
  const events: DomainEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    type: 'points.adjusted',
    memberId: `mem_crash${i % MEMBERS}`,
    payload: { n: i },
    occurredAt: new Date(),
  }));
  await t.db.transaction((tx) => recordEvents(tx, events));
  const expected = EVENTS * ENDPOINTS.length;

  const first = startWorker();
  // Killed from inside the receiver while a batch of 50 is in flight: part of it answered, none of it recorded.
  const killAt = 325;
  receiver.answer = () => {
    if (receiver.received.length + 1 === killAt) first.kill('SIGKILL');
    return 200;
  };
  await exited(first);
  const atKill = receiver.received.length;
  expect(atKill).toBeLessThan(expected);

  const second = startWorker();
  try {
    await waitFor(async () => (await t.db.query<{ n: number }>("select count(*)::int as n from webhook_deliveries where status = 'delivered'"))[0]!.n === expected, 120_000);
  } finally {
    second.kill('SIGTERM');
    await exited(second);
  }

  const [row] = await t.db.query<{ total: number }>('select count(*)::int as total from webhook_deliveries');
  expect(row!.total).toBe(expected);
  const idsPerPair = new Map<string, Set<string>>();
  for (const r of receiver.received) {
    const pair = `${r.path} ${r.eventId}`;
    idsPerPair.set(pair, (idsPerPair.get(pair) ?? new Set()).add(String(r.headers['webhook-id'])));
  }
  // Every (endpoint, event) arrived, each under one webhook-id: resends are duplicates by id only.
  expect(idsPerPair.size).toBe(expected);
  expect([...idsPerPair.values()].every((ids) => ids.size === 1)).toBe(true);
  expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(expected);
  const duplicates = receiver.received.length - expected;
  expect(duplicates).toBeGreaterThan(0);
  console.log(`crash test: killed after ${atKill} of ${expected} deliveries; ${duplicates} resent under their original webhook-id`);
});
