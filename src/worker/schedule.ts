import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { inviteAfterOrders, invitePeriodic } from '../modules/feedback/jobs.js';
import { reviewTiers } from '../modules/program/tier-service.js';
import { refreshMemberScores } from '../modules/analytics/scores.js';
import { raiseBirthdays } from '../modules/program/lifecycle-events.js';
import { activeRuleVersions } from '../modules/program/rules.js';
import { purgeIdempotencyKeys } from '../modules/idempotency/service.js';
import { matureDueLots } from '../modules/ledger/jobs.js';
import { sweepReferrals } from '../modules/referrals/completion.js';
import { sealClosedDraws } from '../modules/draws/sealing.js';
import { runJourneys } from '../modules/journeys/engine.js';
import { deliverMessages, smtpTransport } from '../modules/messages/sender.js';

export interface Job {
  name: string;
  everyMs: number;
  run(db: Database, now: Date, config: Config): Promise<Record<string, number>>;
}

export const JOBS: Job[] = [
  { name: 'expire-points', everyMs: 60_000, run: (db, now) => matureDueLots(db, now) },
  { name: 'feedback-after-order', everyMs: 300_000, run: (db, now, config) => inviteAfterOrders(db, config, now) },
  { name: 'feedback-periodic', everyMs: 3_600_000, run: (db, now, config) => invitePeriodic(db, config, now) },
  { name: 'birthday-events', everyMs: 3_600_000, run: async (db, now, config) => raiseBirthdays(db, config.program, await activeRuleVersions(db), now) },
  { name: 'tier-review', everyMs: 3_600_000, run: (db, now) => reviewTiers(db, now) },
  { name: 'referrals', everyMs: 600_000, run: (db, now, config) => sweepReferrals(db, config, now) },
  { name: 'seal-draws', everyMs: 60_000, run: (db, now) => sealClosedDraws(db, now) },
  { name: 'member-scores', everyMs: 86_400_000, run: (db, now, config) => refreshMemberScores(db, config, now) },
  { name: 'journeys', everyMs: 60_000, run: async (db, now, config) => ({ ...(await runJourneys(db, config, now)) }) },
  {
    name: 'messages',
    everyMs: 15_000,
    run: async (db, now, config) => {
      const transport = smtpTransport(config);
      try {
        return { ...(await deliverMessages(db, config, transport, now)) };
      } finally {
        transport?.close();
      }
    },
  },
  { name: 'purge-idempotency-keys', everyMs: 3_600_000, run: async (db) => ({ purged: await purgeIdempotencyKeys(db) }) },
];

export function findJob(name: string): Job | undefined {
  return JOBS.find((job) => job.name === name);
}

/**
 * Runs each job on its interval until stopped. Jobs are idempotent, so several workers (or a worker
 * and a manual `fidelis jobs run`) may overlap safely.
 */
export function startSchedule(db: Database, config: Config, log: (message: string, data?: object) => void): () => void {
  const timers = JOBS.map((job) => {
    let running = false;
    return setInterval(async () => {
      if (running) return;
      running = true;
      try {
        log(`job ${job.name} done`, await job.run(db, new Date(), config));
      } catch (error) {
        log(`job ${job.name} failed`, { error: String(error) });
      } finally {
        running = false;
      }
    }, job.everyMs);
  });
  return () => timers.forEach(clearInterval);
}
