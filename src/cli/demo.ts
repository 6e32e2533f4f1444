import type { Config } from '../config.js';
import { createDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { createApiKey } from '../modules/auth/service.js';
import { serve } from './serve.js';

/** Seeds the demo merchant on first run, then serves it with fresh admin and staff keys printed. */
export async function runDemo(config: Config, options: { members: number; orders: number; seedOnly?: boolean }): Promise<void> {
  const db = createDatabase(config);
  await migrate(db);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from members');
  if (n === 0) {
    const started = Date.now();
    process.stderr.write(`Seeding demo merchant: ${options.members} members, ~${options.orders} orders over two years…\n`);
    const counts = await seedDemo(db, config.program, {
      members: options.members,
      orders: options.orders,
      now: new Date(),
      progress: (done, total) => process.stderr.write(`\r  ${Math.round((done / Math.max(total, 1)) * 100)}%`),
    });
    process.stderr.write(
      `\n  ${counts.members} members, ${counts.orders} orders, ${counts.refunds} refunds, ${counts.redemptions} redemptions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
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
