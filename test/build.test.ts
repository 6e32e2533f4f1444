// The production build (`npm run build`'s server half): src/ compiled to plain JavaScript, run by
// Node with no TypeScript loader, against this suite's database: migrations, then a members and an
// orders import (the COPY path on PostgreSQL). Also what bin/fidelis.js makes of a build: run while
// fresh, ignored once a source file changes.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, freshBuild } from '../bin/fresh-build.js';
import { createCliDatabase, type CliDatabase } from './harness.js';
import { runScript } from './processes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules, so the compiled files find their dependencies as they would from dist/.
const outName = `node_modules/.cache/fidelis-build-test-${randomBytes(4).toString('hex')}`;
const out = join(root, outName);

let dir: string;
let cli: CliDatabase;

beforeAll(async () => {
  const built = await runScript(join(root, 'scripts/build-server.js'), [outName]);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  dir = await mkdtemp(join(tmpdir(), 'fidelis-build-'));
  cli = await createCliDatabase('fidelis_build', dir);
}, 180_000);

afterAll(async () => {
  await cli.drop();
  await rm(out, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

const built = (...args: string[]) => runScript(join(out, 'cli/main.js'), [...cli.args, ...args], cli.env);

describe('the production build', { timeout: 120_000 }, () => {
  it('holds the compiled sources and migrations, no tests, and a stamp written last', () => {
    const files = readdirSync(out, { recursive: true }) as string[];
    expect(files).toContain(join('cli', 'main.js'));
    expect(files).toContain(join('db', 'migrations', '0000_foundation.sql'));
    expect(files).toContain(join('db', 'migrations', 'meta', '_journal.json'));
    expect(files.filter((file) => file.endsWith('.test.js'))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(existsSync(join(out, BUILD_STAMP))).toBe(true);
  });

  it('migrates and imports members and orders with plain Node', async () => {
    const migrated = await built('migrate');
    expect(migrated.code, migrated.stderr).toBe(0);
    await writeFile(join(dir, 'members.csv'), 'external_id,email,name\nC-1,ada@example.com,Ada\nC-2,ben@example.com,Ben\n');
    const members = await built('import', 'members', join(dir, 'members.csv'), '--json');
    expect(members.code, members.stderr).toBe(0);
    expect(JSON.parse(members.stdout)).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    await writeFile(
      join(dir, 'orders.csv'),
      [
        'order_id,member_external_id,occurred_at,line_id,sku,category,brand,quantity,unit_price,currency,store_id,staff_id,discount',
        'A-1,C-1,2026-01-10T09:00:00Z,1,LATTE,coffee,House,2,400,EUR,s1,anna,0',
        'A-1,C-1,2026-01-10T09:00:00Z,2,CROISSANT,bakery,,1,280,EUR,s1,anna,30',
        'A-2,C-2,2026-01-11T09:00:00Z,1,BEANS,beans,Illy,1,1490,EUR,s2,ben,',
        'A-3,C-9,2026-01-12T09:00:00Z,1,LATTE,coffee,House,1,400,EUR,s1,anna,0',
      ].join('\n') + '\n',
    );
    const orders = await built('import', 'orders', join(dir, 'orders.csv'), '--json');
    expect(orders.code, orders.stderr).toBe(0);
    expect(JSON.parse(orders.stdout)).toMatchObject({ read: 4, imported: 3, rejected: 1, orders: { imported: 2 } });
    const verified = await built('ledger', 'verify', '--json');
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ members: 2, discrepancies: 0 });
  });

  it('is what bin/fidelis.js runs while no source file is newer, and not after', () => {
    const rootUrl = pathToFileURL(`${root}/`);
    expect(freshBuild(rootUrl, outName)).toBe(pathToFileURL(join(out, 'cli/main.js')).href);
    // A build stamped before the sources' last change, as after an edit or a pull: the sources win.
    const stamp = join(out, BUILD_STAMP);
    const longAgo = new Date('2000-01-01T00:00:00Z');
    utimesSync(stamp, longAgo, longAgo);
    expect(freshBuild(rootUrl, outName)).toBeNull();
    utimesSync(stamp, new Date(), new Date());
    expect(freshBuild(rootUrl, outName)).not.toBeNull();
    expect(freshBuild(rootUrl, 'node_modules/.cache/no-such-build')).toBeNull();
  });
});
