// `fidelis import` and `fidelis demo generate` as an operator runs them: child processes against a
// fresh database (PostgreSQL via DATABASE_URL, or a PGlite --data-dir), CSV files in a temp dir.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { createCliDatabase, expectLedgerClean, type CliDatabase, type TestDatabase } from './harness.js';
import { runFidelis, type CliResult } from './processes.js';

let dir: string;
let cli: CliDatabase;

function fidelis(...args: string[]): Promise<CliResult> {
  return runFidelis([...cli.args, ...args], cli.env);
}

/** Runs the command, expects success and --json output, returns it parsed. */
async function json(...args: string[]): Promise<any> {
  const result = await fidelis(...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** Opens the CLI's database in this process (never while a child holds a PGlite data dir). */
async function inDatabase<T>(fn: (t: TestDatabase) => Promise<T>): Promise<T> {
  const db = createDatabase(cli.config);
  try {
    // Closed here, after `fn`; the database itself is dropped with the file.
    return await fn({ db, config: cli.config, drop: async () => undefined });
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fidelis-import-'));
  cli = await createCliDatabase('fidelis_imp', dir);
});
afterAll(async () => {
  await cli.drop();
  await rm(dir, { recursive: true, force: true });
});

const ORDER_HEADER = 'order_id,member_external_id,occurred_at,line_id,sku,category,brand,quantity,unit_price,currency,store_id,staff_id,discount';

describe('fidelis import', { timeout: 120_000 }, () => {
  it('imports members, reporting a bad row in the reject file', async () => {
    const file = join(dir, 'members.csv');
    await writeFile(file, 'external_id,email,name,marketing_consent\nC-1,ada@example.com,Ada,yes\nC-2,not-an-email,Ben,no\nC-3,,"Chloé, Jr.",\n');
    expect(await json('import', 'members', file)).toMatchObject({ read: 3, imported: 2, skipped: 0, rejected: 1 });
    const rejects = parse(await readFile(`${file}.rejects.csv`, 'utf8'), { columns: true });
    expect(rejects).toEqual([{ line: '3', reason: expect.stringMatching(/^email: /), row: 'C-2,not-an-email,Ben,no' }]);
  });

  it('imports orders with a progress-free summary; bad rows of each kind land in the reject file with line numbers', async () => {
    const file = join(dir, 'orders.csv');
    const rows = [
      ORDER_HEADER,
      'A-1,C-1,2026-01-10T09:00:00Z,1,LATTE,coffee,House,2,400,EUR,s1,anna,0', // 2
      'A-1,C-1,2026-01-10T09:00:00Z,2,CROISSANT,bakery,,1,280,EUR,s1,anna,30', // 3
      'A-2,C-3,2026-01-11T09:00:00Z,1,BEANS,beans,Illy,1,1490,EUR,s2,ben,', // 4
      'A-3,C-1,2026-01-12T09:00:00Z,1,LATTE,coffee,House,1,400', // 5 malformed: too few fields
      'A-4,C-1,2026-01-12T09:00:00Z,1,LATTE,coffee,House,1,400,XYZ,s1,anna,0', // 6 unknown currency
      'A-5,C-1,2026-01-12T09:00:00Z,1,LATTE,coffee,House,-1,400,EUR,s1,anna,0', // 7 negative quantity
      'A-6,C-1,2099-01-12T09:00:00Z,1,LATTE,coffee,House,1,400,EUR,s1,anna,0', // 8 future
      'A-7,C-1,2026-01-13T09:00:00Z,1,LATTE,coffee,House,1,400,EUR,s1,anna,0', // 9 duplicate line id
      'A-7,C-1,2026-01-13T09:00:00Z,1,TEA,tea,,1,350,EUR,s1,anna,0', // 10
      'A-8,C-1,2026-01-14T09:00:00Z,1,LATTE,coffee,House,1,400,EUR,s1,anna,0', // 11 conflicting lines
      'A-8,C-3,2026-01-14T09:00:00Z,2,TEA,tea,,1,350,EUR,s1,anna,0', // 12
      'A-9,UNKNOWN,2026-01-15T09:00:00Z,1,LATTE,coffee,House,1,400,EUR,s1,anna,0', // 13 unknown member
      'A-10,C-1,2026-01-16T09:00:00Z,1,"LATTE ""XL""",coffee,House,1,450,EUR,s1,anna,0', // 14 quoted
    ];
    await writeFile(file, `${rows.join('\n')}\n`);
    const rejectsPath = join(dir, 'bad-orders.csv');
    const summary = await json('import', 'orders', file, '--rejects', rejectsPath);
    expect(summary).toMatchObject({ read: 13, imported: 4, skipped: 0, rejected: 9, orders: { imported: 3, skipped: 0 } });
    const rejects = parse(await readFile(rejectsPath, 'utf8'), { columns: true }) as { line: string; reason: string; row: string }[];
    const byLine = Object.fromEntries(rejects.map((r) => [r.line, r.reason]));
    expect(Object.keys(byLine).map(Number).sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(byLine[5]).toBe('has 9 fields; the header has 13');
    expect(byLine[6]).toMatch(/^currency_invalid/);
    expect(byLine[7]).toMatch(/^quantity: /);
    expect(byLine[8]).toMatch(/^occurred_in_future/);
    expect(byLine[10]).toMatch(/^duplicate_line_id/);
    expect(byLine[11]).toBe('the lines of order A-8 disagree on member_external_id');
    expect(byLine[12]).toBe(byLine[11]);
    expect(byLine[13]).toBe('no member with external_id UNKNOWN (import members first)');
    expect(rejects.find((r) => r.line === '6')!.row).toBe(rows[5]);

    await inDatabase(async (t) => {
      const orders = await t.db.query<{ external_id: string; total: number; points: number }>('select external_id, total, points from orders order by external_id');
      expect(orders).toEqual([
        { external_id: 'A-1', total: 1050, points: 0 },
        { external_id: 'A-10', total: 450, points: 0 },
        { external_id: 'A-2', total: 1490, points: 0 },
      ]);
      const [sku] = await t.db.query<{ sku: string }>("select l.sku from order_lines l join orders o on o.id = l.order_id where o.external_id = 'A-10'");
      expect(sku!.sku).toBe('LATTE "XL"');
      await expectLedgerClean(t);
    });
  });

  it('re-running skips everything that is there and rejects the same rows again', async () => {
    const file = join(dir, 'orders.csv');
    const summary = await json('import', 'orders', file);
    expect(summary).toMatchObject({ read: 13, imported: 0, skipped: 4, rejected: 9, orders: { imported: 0, skipped: 3 } });
    expect(existsSync(`${file}.rejects.csv`)).toBe(true);
  });

  it('an order_id reused later in the file (lines not contiguous) is rejected, not silently skipped', async () => {
    const file = join(dir, 'scattered.csv');
    await writeFile(file, [ORDER_HEADER, 'S-1,C-1,2026-02-01T09:00:00Z,1,LATTE,coffee,,1,400,EUR,,,', 'S-2,C-1,2026-02-01T10:00:00Z,1,TEA,tea,,1,350,EUR,,,', 'S-1,C-1,2026-02-01T09:00:00Z,2,CAKE,bakery,,1,450,EUR,,,'].join('\n'));
    const summary = await json('import', 'orders', file);
    expect(summary).toMatchObject({ read: 3, imported: 2, rejected: 1 });
    const rejects = parse(await readFile(`${file}.rejects.csv`, 'utf8'), { columns: true }) as { line: string; reason: string }[];
    expect(rejects).toEqual([{ line: '4', reason: 'order S-1 already started at line 2: the lines of one order must be contiguous', row: expect.any(String) }]);
  });

  it('a clean import leaves no reject file, and a stale one from an earlier run is removed', async () => {
    const file = join(dir, 'clean.csv');
    await writeFile(file, `${ORDER_HEADER}\nK-1,C-1,2026-02-02T09:00:00Z,1,LATTE,coffee,,1,400,EUR,,,\n`);
    await writeFile(`${file}.rejects.csv`, 'stale');
    const result = await fidelis('import', 'orders', file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Read 1 order lines in [\d.]+ s \(\d+ rows\/s\): 1 imported, 0 already there, 0 rejected; orders: 1 imported, 0 already there\n$/);
    expect(existsSync(`${file}.rejects.csv`)).toBe(false);
  });

  it('--earn records orders through the program: points and ledger entries', async () => {
    const file = join(dir, 'earn.csv');
    await writeFile(file, `${ORDER_HEADER}\nE-1,C-1,2026-02-03T09:00:00Z,1,BEANS,beans,Illy,2,1490,EUR,s1,anna,0\n`);
    expect(await json('import', 'orders', file, '--earn')).toMatchObject({ imported: 1, rejected: 0 });
    await inDatabase(async (t) => {
      const [order] = await t.db.query<{ points: number }>("select points from orders where external_id = 'E-1'");
      expect(order!.points).toBe(29);
      await expectLedgerClean(t);
    });
  });

  it('an unknown column stops the import before any row, with a clear message', async () => {
    const file = join(dir, 'unknown-column.csv');
    await writeFile(file, `${ORDER_HEADER},colour\nU-1,C-1,2026-02-01T09:00:00Z,1,LATTE,coffee,,1,400,EUR,,,,red\n`);
    const result = await fidelis('import', 'orders', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown column "colour"; the columns are order_id, member_external_id');
    const missing = await fidelis('import', 'orders', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });
});

describe('fidelis demo generate', { timeout: 180_000 }, () => {
  it('writes the same files for the same seed, and --import loads them cleanly', async () => {
    const args = ['demo', 'generate', '--members', '300', '--orders', '2000', '--non-member-orders', '500', '--end', '2026-01-01', '--seed', '7'];
    const first = await json(...args, '--out', join(dir, 'gen-a'));
    await json(...args, '--out', join(dir, 'gen-b'));
    expect(first).toMatchObject({ members: 300, orderLines: expect.any(Number) });
    for (const name of ['members.csv', 'orders.csv']) {
      expect(await readFile(join(dir, 'gen-a', name), 'utf8')).toBe(await readFile(join(dir, 'gen-b', name), 'utf8'));
    }
    const imported = await json(...args, '--import');
    expect(imported.imported.members).toMatchObject({ read: 300, imported: 300, rejected: 0 });
    expect(imported.imported.orders).toMatchObject({ read: first.orderLines, imported: first.orderLines, rejected: 0 });
    const again = await json('import', 'orders', join(dir, 'gen-a', 'orders.csv'));
    expect(again).toMatchObject({ imported: 0, skipped: first.orderLines, rejected: 0 });
    await inDatabase(async (t) => {
      await expectLedgerClean(t);
      const [walkIns] = await t.db.query<{ sales: number }>("select count(*)::int as sales from non_member_orders where external_id like 'W%'");
      expect(walkIns!.sales).toBeGreaterThan(490);
    });
  });
});
