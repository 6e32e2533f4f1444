import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { createDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { buildApp } from '../http/app.js';
import { startSchedule } from '../worker/schedule.js';

/** The web app as `npm run web:build` leaves it; served at `/` when it exists. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Migrates, serves the API and (unless disabled) runs the scheduled jobs in-process until SIGINT/SIGTERM. */
export async function serve(config: Config, options: { jobs: boolean; db?: Database; banner?: string[] }): Promise<void> {
  const db = options.db ?? createDatabase(config);
  await migrate(db);
  const webRoot = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined;
  const app = await buildApp({ config, db, webRoot });
  const stopJobs = options.jobs ? startSchedule(db, config, (message, data) => app.log.info(data ?? {}, message)) : () => undefined;
  const address = await app.listen({ port: config.port, host: config.host });
  const base = address.replace('127.0.0.1', 'localhost');
  const web = webRoot ? [`Web app:      ${base}/admin  ${base}/checkout  ${base}/wallet`] : [];
  console.log([`Fidelis API on ${base} (database: ${db.kind})`, `OpenAPI docs: ${base}/docs`, ...web, ...(options.banner ?? [])].join('\n'));
  const shutdown = async () => {
    stopJobs();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
