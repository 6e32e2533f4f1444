import type { Database } from '../db/client.js';
import { purgeIdempotencyKeys } from '../modules/idempotency/service.js';
import { matureDueLots } from '../modules/ledger/jobs.js';

export interface Job {
  name: string;
  everyMs: number;
  run(db: Database, now: Date): Promise<Record<string, number>>;
}

export const JOBS: Job[] = [
  { name: 'expire-points', everyMs: 60_000, run: (db, now) => matureDueLots(db, now) },
  { name: 'purge-idempotency-keys', everyMs: 3_600_000, run: async (db) => ({ purged: await purgeIdempotencyKeys(db) }) },
];

export function findJob(name: string): Job | undefined {
  return JOBS.find((job) => job.name === name);
}

/**
 * Runs each job on its interval until stopped. Jobs are idempotent, so several workers (or a worker
 * and a manual `fidelis jobs run`) may overlap safely.
 */
export function startSchedule(db: Database, log: (message: string, data?: object) => void): () => void {
  const timers = JOBS.map((job) => {
    let running = false;
    return setInterval(async () => {
      if (running) return;
      running = true;
      try {
        log(`job ${job.name} done`, await job.run(db, new Date()));
      } catch (error) {
        log(`job ${job.name} failed`, { error: String(error) });
      } finally {
        running = false;
      }
    }, job.everyMs);
  });
  return () => timers.forEach(clearInterval);
}
