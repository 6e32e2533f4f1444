// Bulk import against PostgreSQL's own bulk load: a synthetic file of ~1M order lines (written to the
// temp dir, never the repo), `psql \copy` of it into a bare table with the same columns in a scratch
// database, then `fidelis import orders` of the same file (members imported first) into a fresh,
// migrated database. Both are timed as the operator would see them: wall clock of the command. The
// machine is often shared, so each is run BENCH_IMPORT_RUNS times (default 3) on a fresh table or
// database; the best run is the figure and the spread (slowest/best) says how noisy it was.
//
// Two floors bound what any importer could reach on this data model: the rows the import wrote,
// already built, `\copy`ed back into empty copies of `orders` and `order_lines`, once with their
// indexes and checks and once with none (no parsing, validation, aggregates or idempotency either).
// They show how much of the gap to the bare `\copy` is the rows and indexes themselves. Each run also
// counts the CPU seconds the whole machine spent, which the wall clock's noise moves far less: any
// importer does at least the bare `\copy`'s work (read, parse, store each line) plus the indexes'
// upkeep (indexed floor − heap-only floor), and on N cores cannot finish sooner than that CPU / N.
// That bounds the throughput ratio any importer could reach on this machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ImportBenchResult {
  lines: number;
  orders: number;
  /** Best of the runs; `…Runs` holds every run's seconds. */
  copySeconds: number;
  importSeconds: number;
  copyRuns: number[];
  importRuns: number[];
  copyLinesPerSecond: number;
  importLinesPerSecond: number;
  ratio: number;
  /** Best of the runs of writing the finished rows into copies of the two tables with their indexes. */
  floorSeconds: number;
  floorRuns: number[];
  /** The same without any index: what writing the data model's rows alone costs. */
  heapOnlySeconds: number;
  heapOnlyRuns: number[];
  /**
   * CPU seconds the machine spent (every process: psql, fidelis, the database): each kind's least over
   * its runs, the heap-only floor's most, so that the bound favours the importer.
   */
  cpuSeconds: { copy: number; import: number; floor: number; heapOnly: number };
  cores: number;
  /** The least wall time any importer could take here: the bare \copy's CPU plus the indexes' upkeep (indexed floor − heap-only floor), spread over every core. */
  boundSeconds: number;
  /** The best import/copy ratio any importer could reach here: the bare \copy's seconds over `boundSeconds`. */
  ratioBound: number;
}

interface Databases {
  /** A new empty database, or a copy of `template`; answers its URL. */
  recreate(name: string, template?: string): Promise<string>;
  drop(name: string): Promise<void>;
}

const BARE_TABLE = `create table bare_order_lines (order_id text, member_external_id text, occurred_at timestamptz, line_id text, sku text,
  category text, brand text, quantity int, unit_price int8, currency text, store_id text, staff_id text, discount int8)`;

interface Timed {
  seconds: number;
  /** Busy CPU seconds of the whole machine meanwhile: the bench runs alone, so it is the command's and its database's. */
  cpuSeconds: number;
}

function timed(run: () => string): Timed & { output: string } {
  const cpuBefore = machineCpuSeconds();
  const started = performance.now();
  const output = run();
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: machineCpuSeconds() - cpuBefore, output };
}

function machineCpuSeconds(): number {
  return cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0) / 1000;
}

export async function importBench(cli: string, databases: Databases, env: NodeJS.ProcessEnv): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fidelis-import-bench-'));
  const orders = Number(env.BENCH_IMPORT_ORDERS ?? 540_000);
  const members = Number(env.BENCH_IMPORT_MEMBERS ?? 50_000);
  const node = (args: string[], extra: Record<string, string> = {}) =>
    execFileSync(process.execPath, [cli, ...args], { env: { ...env, LOG_LEVEL: 'warn', ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const generated = JSON.parse(
      node(['demo', 'generate', '--members', String(members), '--orders', String(orders), '--end', '2026-01-01', '--out', dir, '--json'], { DATABASE_URL: '' }),
    ) as { orderLines: number };
    const file = join(dir, 'orders.csv');
    console.log(`  generated ${generated.orderLines} order lines (${members} members) in ${file}`);

    const runs = Math.max(1, Number(env.BENCH_IMPORT_RUNS ?? 3));
    const scratch = await databases.recreate('fidelis_bench_copy');
    execFileSync('psql', [scratch, '-qc', BARE_TABLE]);
    const copyRuns: Timed[] = [];
    for (let run = 0; run < runs; run++) {
      execFileSync('psql', [scratch, '-qc', 'truncate bare_order_lines']);
      copyRuns.push(timed(() => execFileSync('psql', [scratch, '-qc', `\\copy bare_order_lines from '${file}' csv header`], { encoding: 'utf8' })));
    }
    await databases.drop('fidelis_bench_copy');
    console.log(`  psql \\copy into a bare table: ${describeRuns(copyRuns)}`);

    // Members once, into a template; each import run starts from a copy of it.
    const template = await databases.recreate('fidelis_bench_import_members');
    node(['migrate'], { DATABASE_URL: template });
    node(['import', 'members', join(dir, 'members.csv'), '--json'], { DATABASE_URL: template });
    const importRuns: Timed[] = [];
    let ordersImported = 0;
    let lastUrl = '';
    for (let run = 0; run < runs; run++) {
      const url = await databases.recreate('fidelis_bench_import', 'fidelis_bench_import_members');
      lastUrl = url;
      const imported = timed(() => node(['import', 'orders', file, '--json'], { DATABASE_URL: url }));
      const summary = JSON.parse(imported.output) as { imported: number; rejected: number; orders: { imported: number } };
      if (summary.rejected > 0 || summary.imported !== generated.orderLines) throw new Error(`import did not take every line: ${imported.output}`);
      importRuns.push(imported);
      ordersImported = summary.orders.imported;
    }
    const floors = schemaFloors(dir, runs, lastUrl);
    console.log(`  \\copy of the imported rows into copies of orders and order_lines with their indexes: ${describeRuns(floors.withIndexes)}`);
    console.log(`  \\copy of the imported rows into copies of orders and order_lines without indexes: ${describeRuns(floors.heapOnly)}`);
    if (!env.BENCH_KEEP) {
      await databases.drop('fidelis_bench_import');
      await databases.drop('fidelis_bench_import_members');
    }
    console.log(`  fidelis import orders (${ordersImported} orders): ${describeRuns(importRuns)}`);

    const lines = generated.orderLines;
    const copySeconds = best(copyRuns);
    const importSeconds = best(importRuns);
    const cores = availableParallelism();
    const cpuSeconds = { copy: leastCpu(copyRuns), import: leastCpu(importRuns), floor: leastCpu(floors.withIndexes), heapOnly: mostCpu(floors.heapOnly) };
    const boundSeconds = (cpuSeconds.copy + cpuSeconds.floor - cpuSeconds.heapOnly) / cores;
    return {
      lines,
      orders: ordersImported,
      copySeconds,
      importSeconds,
      copyRuns: seconds(copyRuns),
      importRuns: seconds(importRuns),
      copyLinesPerSecond: Math.round(lines / copySeconds),
      importLinesPerSecond: Math.round(lines / importSeconds),
      ratio: copySeconds / importSeconds,
      floorSeconds: best(floors.withIndexes),
      floorRuns: seconds(floors.withIndexes),
      heapOnlySeconds: best(floors.heapOnly),
      heapOnlyRuns: seconds(floors.heapOnly),
      cpuSeconds,
      cores,
      boundSeconds,
      ratioBound: copySeconds / boundSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ORDER_COLUMNS = 'id, member_id, external_id, currency, total, points, store_id, staff_id, occurred_at, recorded_at';
const LINE_COLUMNS = 'order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points';

/**
 * Seconds, per run, to `\copy` the imported orders and lines back into empty tables made `like` the
 * real ones: `with indexes` copies them `including all` (indexes and checks; foreign keys are never
 * copied, and the import skips their triggers too), `heap only` `including defaults` alone, the cost
 * of writing the data model's rows with no index at all. Rows go in id order, as the import writes them.
 */
function schemaFloors(dir: string, runs: number, url: string): { withIndexes: Timed[]; heapOnly: Timed[] } {
  const psql = (command: string) => execFileSync('psql', [url, '-qc', command], { encoding: 'utf8' });
  const orders = join(dir, 'floor-orders.csv');
  const lines = join(dir, 'floor-lines.csv');
  psql(`\\copy (select ${ORDER_COLUMNS} from orders order by id) to '${orders}' csv`);
  psql(`\\copy (select ${LINE_COLUMNS} from order_lines order by order_id, line_id) to '${lines}' csv`);
  const floor = (including: string) => {
    psql('set client_min_messages = warning; drop table if exists floor_lines, floor_orders');
    psql(`create table floor_orders (like orders ${including}); create table floor_lines (like order_lines ${including})`);
    return timed(() => {
      psql(`\\copy floor_orders (${ORDER_COLUMNS}) from '${orders}' csv`);
      return psql(`\\copy floor_lines (${LINE_COLUMNS}) from '${lines}' csv`);
    });
  };
  const withIndexes: Timed[] = [];
  const heapOnly: Timed[] = [];
  for (let run = 0; run < runs; run++) {
    withIndexes.push(floor('including all'));
    heapOnly.push(floor('including defaults'));
  }
  psql('drop table floor_lines, floor_orders');
  return { withIndexes, heapOnly };
}

const seconds = (runs: readonly Timed[]) => runs.map((run) => run.seconds);
const best = (runs: readonly Timed[]) => Math.min(...seconds(runs));
/** The run that took the least CPU: the bound drawn from a floor must favour the importer. */
const leastCpu = (runs: readonly Timed[]) => Math.min(...runs.map((run) => run.cpuSeconds));
const mostCpu = (runs: readonly Timed[]) => Math.max(...runs.map((run) => run.cpuSeconds));

/** Best of the runs, the spread (how much slower the slowest was), and the least CPU any run took. */
function describeRuns(runs: readonly Timed[]): string {
  const all = seconds(runs);
  const fastest = Math.min(...all);
  return `best ${fastest.toFixed(2)} s of ${all.map((s) => s.toFixed(2)).join(', ')} (spread ${((Math.max(...all) / fastest - 1) * 100).toFixed(0)}%), CPU ${leastCpu(runs).toFixed(2)} s`;
}

export function describeImportBench(r: ImportBenchResult): string {
  return (
    `  import of ${r.lines} order lines (${r.orders} orders), best of ${r.importRuns.length}: ${r.importLinesPerSecond} lines/s (target ≥ 100,000); ` +
    `psql \\copy into a bare table ${r.copyLinesPerSecond} lines/s; import/copy throughput ${r.ratio.toFixed(2)} (target ≥ 0.70)\n` +
    `  floors: \\copy of the finished rows into the two tables with their indexes ${r.floorSeconds.toFixed(2)} s (${(r.copySeconds / r.floorSeconds).toFixed(2)} × the bare \\copy's throughput), ` +
    `without any index ${r.heapOnlySeconds.toFixed(2)} s (${(r.copySeconds / r.heapOnlySeconds).toFixed(2)} ×); the import takes ${(r.importSeconds / r.floorSeconds).toFixed(2)} × the indexed floor\n` +
    `  bound: any importer does at least what the bare \\copy does (read, parse and store every line: ${r.cpuSeconds.copy.toFixed(2)} CPU s) ` +
    `plus the indexes' upkeep (indexed floor − heap-only floor: ${(r.cpuSeconds.floor - r.cpuSeconds.heapOnly).toFixed(2)} CPU s); spread perfectly over ${r.cores} cores that is ` +
    `${r.boundSeconds.toFixed(2)} s, so no importer reaches more than ${r.ratioBound.toFixed(2)} × the bare \\copy's throughput here ` +
    `(the import used ${r.cpuSeconds.import.toFixed(2)} CPU s)`
  );
}
