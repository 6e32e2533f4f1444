import http from 'node:http';
import https from 'node:https';
import type { AttemptResult, ClaimedDelivery } from '../modules/webhooks/queue.js';
import { signatureHeader } from '../modules/webhooks/signing.js';

/** How much of a failing answer (or error) the delivery log keeps. */
const EXCERPT_CHARS = 300;

export interface WebhookSender {
  send(delivery: ClaimedDelivery): Promise<AttemptResult>;
  close(): void;
}

/**
 * POSTs signed deliveries over keep-alive connections (one pool per sender, as many sockets per host as
 * a batch sends at once), so a busy receiver costs one TCP/TLS handshake per socket, not per delivery.
 * The timestamp is taken per attempt: a retry hours later must still be inside the receiver's tolerance.
 */
export function createWebhookSender(options: { timeoutMs: number; maxSockets: number }): WebhookSender {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
  };
  return {
    send: (delivery) => sendOnce(delivery, agents, options.timeoutMs),
    close: () => Object.values(agents).forEach((agent) => agent.destroy()),
  };
}

function sendOnce(delivery: ClaimedDelivery, agents: Record<'http:' | 'https:', http.Agent>, timeoutMs: number): Promise<AttemptResult> {
  const attemptedAt = new Date();
  const started = performance.now();
  const timestamp = Math.floor(attemptedAt.getTime() / 1000);
  const result = (statusCode: number | null, error: string | null): AttemptResult => ({
    id: delivery.id,
    attempts: delivery.attempts,
    attemptedAt,
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error: error === null ? null : error.slice(0, EXCERPT_CHARS),
  });
  return new Promise((resolve) => {
    const url = new URL(delivery.url);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'Fidelis-Webhooks/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(delivery.secrets, delivery.id, timestamp, delivery.body),
        },
      },
      (response) => {
        const status = response.statusCode ?? null;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < EXCERPT_CHARS) text += chunk;
        });
        response.on('end', () => resolve(result(status, status !== null && status >= 200 && status < 300 ? null : text || `HTTP ${status}`)));
        response.on('error', (error) => resolve(result(status, error.message)));
      },
    );
    request.on('error', (error) => resolve(result(null, error.name === 'AbortError' || error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error.message)));
    request.end(delivery.body);
  });
}
