// Nothing is sent twice after a sender crash: a `fidelis jobs run messages` child is killed with SIGKILL
// mid-batch while the SMTP server is slow to accept, then run again. Each message has one Message-ID;
// at most the one in flight at the kill arrives twice, and then as the same message. PostgreSQL only:
// the child and this test share the database, which an embedded PGlite cannot do.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMarketingEmail } from '../src/modules/messages/queue.js';
import { createMember } from '../src/modules/members/service.js';
import { createTestDatabase, type TestDatabase } from './harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const BIN = fileURLToPath(new URL('../bin/fidelis.js', import.meta.url));
const MEMBERS = 60;
const TEMPLATE = { fallbackLocale: 'en', locales: { en: { subject: 'Hello {{name}}', body: 'Bye: {{unsubscribeUrl}}' } } };

describe('sender crash', () => {
  let t: TestDatabase;
  let sink: SmtpSink;
  let kill: () => void = () => undefined;

  beforeAll(async () => {
    sink = await startSmtpSink({ delayMs: 40, onMail: () => sink && sink.received.length === 10 && kill() });
    t = await createTestDatabase();
    const now = new Date();
    for (let i = 0; i < MEMBERS; i++) {
      await t.db.transaction(async (tx) => {
        const member = await createMember(tx, { email: `crash${i}@example.com`, name: `Member ${i}`, marketingConsent: true }, now);
        await queueMarketingEmail(tx, t.config, { memberId: member.id, sourceKey: `crash:${member.id}:0`, template: TEMPLATE, journey: 'crash' }, now);
      });
    }
  });
  afterAll(async () => {
    await t.drop();
    await sink.close();
  });

  function sender(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = spawn(process.execPath, [BIN, 'jobs', 'run', 'messages'], {
      env: { ...process.env, DATABASE_URL: t.config.databaseUrl, FIDELIS_SMTP_URL: sink.url, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    kill = () => child.kill('SIGKILL');
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  it('sends every message, each with one Message-ID, at most one twice', async () => {
    expect(await sender()).toEqual({ code: null, signal: 'SIGKILL' });
    const [afterCrash] = await t.db.query<{ sent: number }>(`select count(*) filter (where status = 'sent')::int as sent from messages`);
    expect(afterCrash!.sent).toBeLessThan(MEMBERS);
    kill = () => undefined;
    // The killed batch stays leased for five minutes; let that time pass.
    await t.db.query(`update messages set next_attempt_at = now() - interval '1 second' where status = 'queued'`);
    expect(await sender()).toEqual({ code: 0, signal: null });

    const rows = await t.db.query<{ status: string; to_address: string; message_id: string }>('select status, to_address, message_id from messages');
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    const idsByRecipient = new Map<string, Set<string>>();
    for (const mail of sink.received) {
      for (const to of mail.to) idsByRecipient.set(to, (idsByRecipient.get(to) ?? new Set()).add(mail.headers['message-id']!));
    }
    expect(idsByRecipient.size).toBe(MEMBERS);
    for (const row of rows) expect([...idsByRecipient.get(row.to_address)!]).toEqual([row.message_id]);
    expect(sink.received.length).toBeLessThanOrEqual(MEMBERS + 1);
  });
});
