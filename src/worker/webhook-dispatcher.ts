import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { enqueueDeliveries } from '../modules/webhooks/fan-out.js';
import { claimDueDeliveries, recordAttempts } from '../modules/webhooks/queue.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

/** Pause between rounds once there is nothing to do: new events wait at most this long. */
const IDLE_POLL_MS = 200;

/**
 * Sending rounds run side by side, so one lane's database round trips overlap another's HTTP waits
 * (measured: one lane spends about a third of each round in the database). Leases and SKIP LOCKED keep
 * lanes apart exactly as they keep separate workers apart. Fan-out has a lane of its own, so it keeps
 * up with all of them.
 */
const SENDING_LANES = 4;

export interface DispatchRound {
  events: number;
  sent: number;
  failed: number;
}

type WebhookConfig = Pick<Config, 'webhookBatchSize' | 'webhookTimeoutMs' | 'webhookLeaseMs' | 'webhookMaxAttempts' | 'webhookRetryBaseMs' | 'webhookRetryCapMs'>;

/**
 * One sending round: claims a batch of due deliveries, sends them all at once and records the outcomes.
 * A crash between sending and recording leaves the deliveries pending under an expiring lease: they are
 * sent again later with the same webhook-id, never as new deliveries.
 */
export async function sendDueDeliveries(db: Database, config: WebhookConfig, sender: WebhookSender): Promise<DispatchRound> {
  const token = randomUUID();
  const claimed = await claimDueDeliveries(db, { limit: config.webhookBatchSize, leaseMs: config.webhookLeaseMs, token }, new Date());
  const results = await Promise.all(claimed.map((delivery) => sender.send(delivery)));
  await recordAttempts(db, results, { baseMs: config.webhookRetryBaseMs, capMs: config.webhookRetryCapMs, maxAttempts: config.webhookMaxAttempts }, token, new Date());
  const sent = results.filter((r) => r.ok).length;
  return { events: 0, sent, failed: results.length - sent };
}

/**
 * Runs rounds until stopped, back to back while there is work. It only reads and writes the outbox and
 * the webhook tables, so a slow or failing receiver delays webhooks, never an API write.
 */
export function startWebhookDispatcher(db: Database, config: WebhookConfig, log: (message: string, data?: object) => void): () => Promise<void> {
  const sender = createWebhookSender({ timeoutMs: config.webhookTimeoutMs, maxSockets: config.webhookBatchSize * SENDING_LANES });
  let stopped = false;
  const wakers = new Set<() => void>();
  const lane = async (round: () => Promise<DispatchRound>) => {
    while (!stopped) {
      let busy = false;
      try {
        const done = await round();
        busy = done.events + done.sent + done.failed > 0;
        if (done.failed > 0) log('webhook deliveries failed', done);
      } catch (error) {
        log('webhook dispatch failed', { error: String(error) });
      }
      if (!busy && !stopped) {
        await new Promise<void>((resolve) => {
          wakers.add(resolve);
          setTimeout(() => (wakers.delete(resolve), resolve()), IDLE_POLL_MS);
        });
      }
    }
  };
  const fanOut = async (): Promise<DispatchRound> => ({ events: (await enqueueDeliveries(db, config.webhookBatchSize, new Date())).events, sent: 0, failed: 0 });
  const lanes = Promise.all([lane(fanOut), ...Array.from({ length: SENDING_LANES }, () => lane(() => sendDueDeliveries(db, config, sender)))]);
  return async () => {
    stopped = true;
    wakers.forEach((wake) => wake());
    await lanes;
    sender.close();
  };
}
