import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { createDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { buildApp } from '../http/app.js';
import { startSchedule } from '../worker/schedule.js';
import { startWebhookDispatcher } from '../worker/webhook-dispatcher.js';

/** The web app as `npm run web:build` leaves it; served at `/` when it exists. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Migrates, serves the API and (unless disabled) runs the scheduled jobs and the webhook dispatcher in-process until SIGINT/SIGTERM. */
export async function serve(config: Config, options: { jobs: boolean; db?: Database; banner?: string[] }): Promise<void> {
  const db = options.db ?? createDatabase(config);
  await migrate(db);
  const webRoot = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined;
  const app = await buildApp({ config, db, webRoot });
  const log = (message: string, data?: object) => app.log.info(data ?? {}, message);
  const stopJobs = options.jobs ? startWorker(db, config, log) : async () => undefined;
  const address = await app.listen({ port: config.port, host: config.host });
  const base = address.replace('127.0.0.1', 'localhost');
  const web = webRoot ? [`Web app:      ${base}/admin  ${base}/checkout  ${base}/wallet`] : [];
  console.log([`Fidelis API on ${base} (database: ${db.kind})`, `OpenAPI docs: ${base}/docs`, ...web, ...(options.banner ?? [])].join('\n'));
  const shutdown = async () => {
    await stopJobs();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** The scheduled jobs and the webhook dispatcher; resolves, once stopped, when the dispatcher's round in flight has finished. */
export function startWorker(db: Database, config: Config, log: (message: string, data?: object) => void): () => Promise<void> {
  const stopSchedule = startSchedule(db, config, log);
  const stopDispatcher = startWebhookDispatcher(db, config, log);
  return async () => {
    stopSchedule();
    await stopDispatcher();
  };
}

/** `fidelis worker`: the jobs and the webhook dispatcher without the API, e.g. beside `serve --no-jobs`. */
export async function work(config: Config): Promise<void> {
  const db = createDatabase(config);
  await migrate(db);
  const stop = startWorker(db, config, (message, data) => console.log(JSON.stringify({ message, ...data })));
  console.log(`Fidelis worker running (database: ${db.kind})`);
  const shutdown = async () => {
    await stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
