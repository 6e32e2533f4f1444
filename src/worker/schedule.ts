import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { JOB_NAMES, type JobName } from './job-names.js';
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
  name: JobName;
  everyMs: number;
  run(db: Database, now: Date, config: Config): Promise<Record<string, number>>;
}

const JOB_TABLE: Record<JobName, Omit<Job, 'name'>> = {
  'expire-points': { everyMs: 60_000, run: (db, now) => matureDueLots(db, now) },
  'feedback-after-order': { everyMs: 300_000, run: (db, now, config) => inviteAfterOrders(db, config, now) },
  'feedback-periodic': { everyMs: 3_600_000, run: (db, now, config) => invitePeriodic(db, config, now) },
  'birthday-events': { everyMs: 3_600_000, run: async (db, now, config) => raiseBirthdays(db, config.program, await activeRuleVersions(db), now) },
  'tier-review': { everyMs: 3_600_000, run: (db, now) => reviewTiers(db, now) },
  'referrals': { everyMs: 600_000, run: (db, now, config) => sweepReferrals(db, config, now) },
  'seal-draws': { everyMs: 60_000, run: (db, now) => sealClosedDraws(db, now) },
  'member-scores': { everyMs: 86_400_000, run: (db, now, config) => refreshMemberScores(db, config, now) },
  'journeys': { everyMs: 60_000, run: async (db, now, config) => ({ ...(await runJourneys(db, config, now)) }) },
  'messages': {
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
  'purge-idempotency-keys': { everyMs: 3_600_000, run: async (db) => ({ purged: await purgeIdempotencyKeys(db) }) },
};

export const JOBS: Job[] = JOB_NAMES.map((name) => ({ name, ...JOB_TABLE[name] }));

/**
 * The jobs the worker runs, each on its interval: the default, or the one `jobIntervals` sets; a job
 * set to 0 is left out.
 * @example scheduledJobs({ ...config, jobIntervals: { journeys: 600_000 } }).find((j) => j.name === 'journeys')?.everyMs // 600000
 */
export function scheduledJobs(config: Pick<Config, 'jobIntervals'>): Job[] {
  return JOBS.map((job) => ({ ...job, everyMs: config.jobIntervals[job.name] ?? job.everyMs })).filter((job) => job.everyMs > 0);
}

export function findJob(name: string): Job | undefined {
  return JOBS.find((job) => job.name === name);
}

/**
 * Runs each job on its interval until stopped. Jobs are idempotent, so several workers (or a worker
 * and a manual `fidelis jobs run`) may overlap safely.
 */
export function startSchedule(db: Database, config: Config, log: (message: string, data?: object) => void): () => void {
  const timers = scheduledJobs(config).map((job) => {
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
