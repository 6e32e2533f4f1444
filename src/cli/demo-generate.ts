// `fidelis demo generate`: a synthetic merchant at any scale, written as the CSV files `fidelis import`
// reads and/or imported straight away through the same importer.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'csv-stringify';
import type { Config } from '../config.js';
import { importMembers } from '../modules/imports/members-import.js';
import { importOrders } from '../modules/imports/orders-import.js';
import type { Atomically } from '../modules/imports/pipeline.js';
import { generatedRowSource, type RejectedRow } from '../modules/imports/rows.js';
import {
  rateScale,
  syntheticMembers,
  syntheticOrderLines,
  SYNTHETIC_MEMBER_COLUMNS,
  SYNTHETIC_ORDER_COLUMNS,
  type SyntheticOptions,
} from '../demo/synthetic.js';
import { positive, withDatabase } from './database.js';

interface GenerateOptions {
  members: number;
  orders: number;
  nonMemberOrders: number;
  seed: number;
  end?: string;
  years: number;
  currency: string;
  out?: string;
  import?: boolean;
  json?: boolean;
}

/** Midnight UTC today: orders stay in the past, and a day's runs give the same files. */
function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function endDate(value: string | undefined): Date {
  if (value === undefined) return startOfToday();
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) throw new InvalidArgumentError(`--end: not a date: ${value}`);
  return parsed;
}

async function writeCsv(path: string, columns: readonly string[], rows: Iterable<string[]>): Promise<number> {
  let count = 0;
  function* counted() {
    yield [...columns];
    for (const row of rows) {
      count += 1;
      yield row;
    }
  }
  await pipeline(Readable.from(counted()), stringify(), createWriteStream(path));
  return count;
}

async function generate(options: GenerateOptions, config: Config): Promise<Record<string, unknown>> {
  if (!options.out && !options.import) throw new InvalidArgumentError('Give --out <dir> to write CSV files, --import to load them, or both.');
  const synthetic: SyntheticOptions = {
    members: options.members,
    orders: options.orders,
    nonMemberOrders: options.nonMemberOrders,
    seed: options.seed,
    end: endDate(options.end),
    years: options.years,
    currency: options.currency,
  };
  const scale = rateScale(synthetic);
  const result: Record<string, unknown> = { seed: synthetic.seed, end: synthetic.end.toISOString() };
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    const members = join(options.out, 'members.csv');
    const orders = join(options.out, 'orders.csv');
    result.members = await writeCsv(members, SYNTHETIC_MEMBER_COLUMNS, syntheticMembers(synthetic));
    result.orderLines = await writeCsv(orders, SYNTHETIC_ORDER_COLUMNS, syntheticOrderLines(synthetic, scale));
    result.files = [members, orders];
  }
  if (options.import) {
    const rejected: RejectedRow[] = [];
    const onRejected = (rows: readonly RejectedRow[]) => void rejected.push(...rows.slice(0, 5 - rejected.length));
    result.imported = await withDatabase(config, async (db) => {
      const atomically: Atomically = (fn) => db.transaction(fn);
      const now = new Date();
      const members = await importMembers(generatedRowSource(SYNTHETIC_MEMBER_COLUMNS, syntheticMembers(synthetic)), atomically, { now, onRejected });
      const orders = await importOrders(generatedRowSource(SYNTHETIC_ORDER_COLUMNS, syntheticOrderLines(synthetic, scale)), atomically, { program: config.program, now, earn: null, onRejected, copy: db.kind === 'postgres' });
      return { members, orders };
    });
    if (rejected.length > 0) result.sampleRejects = rejected;
  }
  return result;
}

export function registerDemoGenerate(demo: Command, config: () => Config): void {
  demo
    .command('generate')
    .description(
      'synthetic data at any scale: BG/NBD purchase rates and drop-out, a December peak, stores, staff, brands, discounts\n' +
        '  example: fidelis demo generate --members 100000 --orders 1000000 --out data/ [--import]\n' +
        '  example: fidelis demo generate --members 2000 --orders 20000 --non-member-orders 8000 --import',
    )
    .option('--members <n>', 'members', positive, 2000)
    .option('--orders <n>', 'orders in total, about', positive, 20000)
    .option('--non-member-orders <n>', "sales to customers who are not members (empty member_external_id), after the members' orders", positive, 0)
    .option('--seed <n>', 'random seed: the same options give the same files', positive, 1)
    .option('--end <date>', 'orders happen before this (default: today 00:00 UTC)')
    .option('--years <n>', 'members joined over this many years before --end', positive, 3)
    .option('--currency <code>', 'currency of every order', 'EUR')
    .option('--out <dir>', 'write members.csv and orders.csv here')
    .option('--import', 'import the generated members and orders into the database')
    .option('--json', 'print the result as JSON')
    .action(async (options: GenerateOptions) => {
      // `demo` declares --members and --orders too, and commander hands an option to the first command declaring it.
      for (const name of ['members', 'orders'] as const) {
        if (demo.getOptionValueSource(name) === 'cli') options[name] = demo.getOptionValue(name) as number;
      }
      const result = await generate(options, config());
      console.log(options.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
    });
}
