// The sender loop: delivers queued messages over SMTP and marks each sent right after the server
// accepted it. Messages are leased, not held under a lock, so a slow SMTP server keeps no transaction
// open. A crash between the server's acceptance and the mark leaves that one message leased; it is sent
// again when the lease ends, with the same Message-ID, so the duplicate is recognisable. Nothing else
// can be sent twice: every other message of the batch was either marked or never handed over.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { MAX_TRIES, retryDelayMs } from './retry.js';

const LEASE_MS = 5 * 60_000;
const BATCH = 50;

interface MessageRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  unsubscribe_url: string;
  message_id: string;
  attempts: number;
  consents: boolean;
}

export interface Delivery {
  sent: number;
  failed: number;
  withdrawn: number;
}

export function smtpTransport(config: Config): Transporter | null {
  return config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
}

/** Leases due messages (a lease that ran out is due again), with whether the member still consents. */
async function claim(db: Sql, now: Date): Promise<MessageRow[]> {
  return db.query<MessageRow>(
    `with due as (
       select id from messages where status = 'queued' and next_attempt_at <= $1 order by next_attempt_at, id limit $2 for update skip locked),
     leased as (
       update messages m set next_attempt_at = $3 from due where m.id = due.id returning m.*)
     select l.*, coalesce((select marketing_consent and status = 'active' from members where id = l.member_id), false) as consents
     from leased l order by l.id`,
    [now, BATCH, new Date(now.getTime() + LEASE_MS)],
  );
}

async function send(transport: Transporter, config: Config, row: MessageRow): Promise<void> {
  await transport.sendMail({
    from: config.mailFrom,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    headers: { 'List-Unsubscribe': `<${row.unsubscribe_url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
}

/**
 * Delivers everything due, batch by batch. A member who withdrew consent after the message was queued
 * gets nothing. Without an SMTP server configured, messages stay queued.
 */
export async function deliverMessages(db: Sql, config: Config, transport: Transporter | null, now: Date): Promise<Delivery> {
  const result: Delivery = { sent: 0, failed: 0, withdrawn: 0 };
  if (!transport) return result;
  for (;;) {
    const batch = await claim(db, now);
    for (const row of batch) {
      if (!row.consents) {
        await db.query(`update messages set status = 'failed', last_error = 'marketing consent withdrawn' where id = $1`, [row.id]);
        result.withdrawn += 1;
        continue;
      }
      try {
        await send(transport, config, row);
      } catch (error) {
        const attempts = row.attempts + 1;
        await db.query(`update messages set attempts = $2::int, last_error = $3, next_attempt_at = $4, status = case when $2::int >= $5::int then 'failed' else 'queued' end where id = $1`, [
          row.id,
          attempts,
          String(error).slice(0, 500),
          new Date(now.getTime() + retryDelayMs(attempts)),
          MAX_TRIES,
        ]);
        result.failed += 1;
        continue;
      }
      await db.query(`update messages set status = 'sent', sent_at = $2, attempts = attempts + 1 where id = $1`, [row.id, now]);
      result.sent += 1;
    }
    if (batch.length < BATCH) return result;
  }
}
