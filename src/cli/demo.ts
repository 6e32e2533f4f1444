import type { Config } from '../config.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, openEmbeddedFromDump, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { seedDemoFeedback } from '../demo/feedback.js';
import { seedDemoWalkIns } from '../demo/walk-ins.js';
import { createApiKey } from '../modules/auth/service.js';
import { serve } from './serve.js';

async function seed(db: Database, config: Config, options: { members: number; orders: number }): Promise<void> {
  const started = Date.now();
  process.stderr.write(`Seeding demo merchant: ${options.members} members, ~${options.orders} orders over two years…\n`);
  const now = new Date();
  const counts = await seedDemo(db, config.program, {
    members: options.members,
    orders: options.orders,
    now,
    progress: (done, total) => process.stderr.write(`\r  ${Math.round((done / Math.max(total, 1)) * 100)}%`),
  });
  const walkIns = await seedDemoWalkIns(db, config.program, counts.orders, now);
  const feedback = await seedDemoFeedback(db, config, now);
  process.stderr.write(
    `\n  ${counts.members} members, ${counts.orders} orders, ${counts.refunds} refunds, ${counts.redemptions} redemptions, ` +
      `${walkIns.sales} sales to non-members, ${feedback.responses} survey answers in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

/** Seeds the demo merchant on first run, then serves it with fresh admin and staff keys printed. */
export async function runDemo(config: Config, options: { members: number; orders: number; seedOnly?: boolean }): Promise<void> {
  const fresh = !config.databaseUrl && !config.memory && !existsSync(join(config.dataDir, 'PG_VERSION'));
  let db: Database;
  if (fresh) {
    // Seeding in memory and writing the result once is ~2.5x faster than seeding on disk, and an
    // interrupted seed leaves no half-seeded demo behind.
    const scratch = createDatabase({ ...config, memory: true });
    await migrate(scratch);
    await seed(scratch, config, options);
    const dump = await scratch.dumpDataDir!();
    await scratch.close();
    db = openEmbeddedFromDump(config.dataDir, dump);
  } else {
    db = createDatabase(config);
  }
  await migrate(db);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from members');
  if (n === 0) await seed(db, config, options);
  if (options.seedOnly) {
    await db.close();
    return;
  }
  const admin = await createApiKey(db, { name: 'demo admin', role: 'admin' });
  const staff = await createApiKey(db, { name: 'demo checkout', role: 'staff' });
  const [sample] = await db.query<{ id: string }>("select id from members where status = 'active' order by id limit 1");
  await serve(config, {
    jobs: true,
    db,
    banner: [
      `Admin key:  ${admin.key}`,
      `Staff key:  ${staff.key}`,
      `Try:        curl -H "Authorization: Bearer ${admin.key}" http://localhost:${config.port}/v1/members/${sample?.id ?? ''}/balance`,
    ],
  });
}
