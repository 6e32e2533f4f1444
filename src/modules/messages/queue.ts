// Queueing an email: rendered and written in the caller's transaction, delivered later by the sender.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
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
  const outcomes = await queueMarketingEmails(tx, config, { recipients: [input], template: input.template, journey: input.journey }, now);
  return outcomes.get(input.sourceKey)!;
}

/**
 * `queueMarketingEmail` for many members with one template (a journey step for everyone who reached
 * it): one read of the members, one insert. Same rules, same per-`sourceKey` idempotency; the outcome
 * per source key.
 */
export async function queueMarketingEmails(
  tx: Sql,
  config: Config,
  input: { recipients: readonly { memberId: string; sourceKey: string }[]; template: EmailTemplate; journey: string },
  now: Date,
): Promise<Map<string, QueueOutcome>> {
  const outcomes = new Map<string, QueueOutcome>();
  const members = await tx.query<{ id: string; status: string; marketing_consent: boolean; email: string | null; name: string | null; locale: string | null }>(
    'select id, status, marketing_consent, email, name, locale from members where id = any($1::text[])',
    [input.recipients.map((r) => r.memberId)],
  );
  const byId = new Map(members.map((member) => [member.id, member]));
  const secret = await unsubscribeSecret(tx, config);
  const rows: { id: string; member_id: string; source_key: string; to_address: string; locale: string; subject: string; text_body: string; html_body: string; unsubscribe_url: string; message_id: string }[] = [];
  for (const { memberId, sourceKey } of input.recipients) {
    const member = byId.get(memberId);
    if (!member || member.status !== 'active') outcomes.set(sourceKey, { queued: false, reason: 'member_erased' });
    else if (!member.marketing_consent) outcomes.set(sourceKey, { queued: false, reason: 'no_consent' });
    else if (!member.email) outcomes.set(sourceKey, { queued: false, reason: 'no_email' });
    else {
      const link = unsubscribeUrl(config, secret, memberId, now);
      const email = renderEmail(input.template, member.locale, { name: member.name ?? '', email: member.email, journey: input.journey, unsubscribeUrl: link });
      const id = newId('eml');
      rows.push({ id, member_id: memberId, source_key: sourceKey, to_address: member.email, locale: email.locale, subject: email.subject, text_body: email.text, html_body: email.html, unsubscribe_url: link, message_id: `<${id}@${mailDomain(config)}>` });
    }
  }
  if (rows.length === 0) return outcomes;
  const queued = await tx.query<{ source_key: string; message_id: string }>(
    `insert into messages (id, member_id, source_key, to_address, locale, subject, text_body, html_body, unsubscribe_url, message_id, status, next_attempt_at, created_at)
     select r.id, r.member_id, r.source_key, r.to_address, r.locale, r.subject, r.text_body, r.html_body, r.unsubscribe_url, r.message_id, 'queued', $2, $2
     from jsonb_to_recordset($1::jsonb) as r(id text, member_id text, source_key text, to_address text, locale text, subject text, text_body text, html_body text, unsubscribe_url text, message_id text)
     on conflict (source_key) do update set source_key = excluded.source_key returning source_key, message_id`,
    [JSON.stringify(rows), now],
  );
  for (const row of queued) outcomes.set(row.source_key, { queued: true, messageId: row.message_id });
  return outcomes;
}
