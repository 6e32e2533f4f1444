import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { enqueueDeliveries } from '../modules/webhooks/fan-out.js';
import { claimDueDeliveries, recordAttempts } from '../modules/webhooks/queue.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

/** Pause between rounds once there is nothing to do: new events wait at most this long. */
const IDLE_POLL_MS = 200;

export interface DispatchRound {
  events: number;
  sent: number;
  failed: number;
}

type WebhookConfig = Pick<Config, 'webhookBatchSize' | 'webhookTimeoutMs' | 'webhookLeaseMs' | 'webhookMaxAttempts' | 'webhookRetryBaseMs' | 'webhookRetryCapMs'>;

/**
 * One round: fan new outbox events out to deliveries, then claim a batch of due deliveries, send them
 * all at once and record the outcomes. A crash between sending and recording leaves the deliveries
 * pending under an expiring lease: they are sent again later with the same webhook-id, never as new
 * deliveries.
 */
export async function dispatchWebhooks(db: Database, config: WebhookConfig, sender: WebhookSender, now: () => Date = () => new Date()): Promise<DispatchRound> {
  const fanned = await enqueueDeliveries(db, config.webhookBatchSize, now());
  const token = randomUUID();
  const claimed = await claimDueDeliveries(db, { limit: config.webhookBatchSize, leaseMs: config.webhookLeaseMs, token }, now());
  const results = await Promise.all(claimed.map((delivery) => sender.send(delivery)));
  await recordAttempts(db, results, { baseMs: config.webhookRetryBaseMs, capMs: config.webhookRetryCapMs, maxAttempts: config.webhookMaxAttempts }, token, now());
  const sent = results.filter((r) => r.ok).length;
  return { events: fanned.events, sent, failed: results.length - sent };
}

/**
 * Runs rounds until stopped, back to back while there is work. It only reads and writes the outbox and
 * the webhook tables, so a slow or failing receiver delays webhooks, never an API write.
 */
export function startWebhookDispatcher(db: Database, config: WebhookConfig, log: (message: string, data?: object) => void, now?: () => Date): () => Promise<void> {
  const sender = createWebhookSender({ timeoutMs: config.webhookTimeoutMs, maxSockets: config.webhookBatchSize });
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        const round = await dispatchWebhooks(db, config, sender, now);
        busy = round.events + round.sent + round.failed > 0;
        if (round.failed > 0) log('webhook deliveries failed', round);
      } catch (error) {
        log('webhook dispatch failed', { error: String(error) });
      }
      if (!busy && !stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, IDLE_POLL_MS)));
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    await loop;
    sender.close();
  };
}
