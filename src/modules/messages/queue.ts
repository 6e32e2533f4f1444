// Queueing an email: rendered and written in the caller's transaction, delivered later by the sender.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { getMember } from '../members/service.js';
import { renderEmail, type EmailTemplate } from './templates.js';
import { unsubscribeSecret, unsubscribeUrl } from './unsubscribe.js';

export type QueueOutcome = { queued: true; messageId: string } | { queued: false; reason: 'no_consent' | 'no_email' | 'member_erased' };

/** The domain of the From address, for Message-IDs that are ours. */
function mailDomain(config: Config): string {
  return /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'localhost';
}

/**
 * Queues a marketing email to a member, if they consented and have an address. `sourceKey` names the
 * decision that sends it (a journey step for a member); queueing it again is a no-op that returns the
 * message already queued, so a retried transaction never makes a second message.
 */
export async function queueMarketingEmail(
  tx: Sql,
  config: Config,
  input: { memberId: string; sourceKey: string; template: EmailTemplate; journey: string },
  now: Date,
): Promise<QueueOutcome> {
  const member = await getMember(tx, input.memberId);
  if (member.status !== 'active') return { queued: false, reason: 'member_erased' };
  if (!member.marketingConsent) return { queued: false, reason: 'no_consent' };
  if (!member.email) return { queued: false, reason: 'no_email' };
  const link = unsubscribeUrl(config, await unsubscribeSecret(tx, config), member.id, now);
  const email = renderEmail(input.template, member.locale, { name: member.name ?? '', email: member.email, journey: input.journey, unsubscribeUrl: link });
  const id = newId('eml');
  const [row] = await tx.query<{ message_id: string }>(
    `insert into messages (id, member_id, source_key, to_address, locale, subject, text_body, html_body, unsubscribe_url, message_id, status, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', $11, $11)
     on conflict (source_key) do update set source_key = excluded.source_key returning message_id`,
    [id, member.id, input.sourceKey, member.email, email.locale, email.subject, email.text, email.html, link, `<${id}@${mailDomain(config)}>`, now],
  );
  return { queued: true, messageId: row!.message_id };
}
