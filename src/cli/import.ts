// `fidelis import members|orders <csv>`: streamed bulk import with a reject file and a summary.
import { createReadStream, statSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { ImportSummary } from '../modules/imports/contract.js';
import { csvRowSource } from '../modules/imports/csv-source.js';
import { importMembers } from '../modules/imports/members-import.js';
import { importOrders } from '../modules/imports/orders-import.js';
import type { RejectSink, RowSource } from '../modules/imports/rows.js';
import { RuleBook } from '../modules/program/rulebook.js';
import { withDatabase } from './database.js';
import { byteProgress } from './progress.js';
import { RejectFile } from './reject-file.js';

interface ImportOptions {
  rejects?: string;
  json?: boolean;
  earn?: boolean;
}

type Importer = (db: Database, source: RowSource, onRejected: RejectSink, options: ImportOptions, config: Config) => Promise<ImportSummary>;

const importer: Record<'members' | 'orders', Importer> = {
  members: (db, source, onRejected) => importMembers(source, (fn) => db.transaction(fn), { now: new Date(), onRejected }),
  orders: async (db, source, onRejected, options, config) => {
    const rules = new RuleBook(db);
    const earn = options.earn ? { rules: await rules.forOrders(), ladder: await rules.ladder() } : null;
    return importOrders(source, (fn) => db.transaction(fn), { program: config.program, now: new Date(), earn, onRejected, copy: db.kind === 'postgres' });
  },
};

/** Reads the file once, streaming; prints the summary (as JSON with --json). */
async function runImport(kind: 'members' | 'orders', file: string, options: ImportOptions, config: Config): Promise<void> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InvalidArgumentError(`Cannot read ${file}.`);
  }
  const rejects = new RejectFile(options.rejects ?? `${file}.rejects.csv`);
  const summary = await withDatabase(config, async (db) => {
    // 64 KiB reads: the rows of one read are checked without yielding to I/O, so a larger read would
    // hold up the database's answers (and the next batch's start) by that long.
    const input = createReadStream(file, { highWaterMark: 64 * 1024 });
    const progress = byteProgress(`Importing ${kind}`, size, !options.json);
    input.on('data', (chunk) => progress.advance(chunk.length));
    try {
      return await importer[kind](db, await csvRowSource(input), (rows) => rejects.write(rows), options, config);
    } finally {
      progress.stop();
      input.destroy();
      await rejects.close();
    }
  });
  if (options.json) console.log(JSON.stringify(summary));
  else console.log(describe(kind, summary, rejects.path));
}

function describe(kind: 'members' | 'orders', s: ImportSummary, rejectsPath: string): string {
  const rate = s.seconds > 0 ? ` (${Math.round(s.read / s.seconds)} rows/s)` : '';
  const orders = s.orders ? `; orders: ${s.orders.imported} imported, ${s.orders.skipped} already there` : '';
  return (
    `Read ${s.read} ${kind === 'orders' ? 'order lines' : 'members'} in ${s.seconds} s${rate}: ` +
    `${s.imported} imported, ${s.skipped} already there, ${s.rejected} rejected${orders}` +
    (s.rejected > 0 ? `. Rejected rows: ${rejectsPath}` : '')
  );
}

export function registerImport(program: Command, config: () => Config): void {
  const command = program.command('import').description('bulk import from CSV: streamed, batched, resumable (re-running skips what exists)');
  command
    .command('members <csv>')
    .description(
      'import members (columns external_id, email, phone, name, birthday, locale, marketing_consent; header required)\n' +
        '  example: fidelis import members members.csv --json',
    )
    .option('--rejects <path>', 'reject file (line, reason, row); default <csv>.rejects.csv')
    .option('--json', 'print the summary as JSON, no progress bar')
    .action((file: string, options: ImportOptions) => runImport('members', file, options, config()));
  command
    .command('orders <csv>')
    .description(
      'import order lines (order_id, member_external_id, occurred_at, line_id, sku, category, brand, quantity, unit_price,\n' +
        '  currency, store_id, staff_id, discount; money in minor units; the lines of one order one after another)\n' +
        '  example: fidelis import orders orders.csv --rejects bad.csv --json',
    )
    .option('--rejects <path>', 'reject file (line, reason, row); default <csv>.rejects.csv')
    .option('--json', 'print the summary as JSON, no progress bar')
    .option('--earn', 'earn points by the program, each order as if recorded now (slow, exact); default: no points')
    .action((file: string, options: ImportOptions) => runImport('orders', file, options, config()));
}
