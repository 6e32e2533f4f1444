// Bulk import against PostgreSQL's own bulk load: a synthetic file of ~1M order lines (written to the
// temp dir, never the repo), `psql \copy` of it into a bare table with the same columns in a scratch
// database, then `fidelis import orders` of the same file (members imported first) into a fresh,
// migrated database. Both are timed as the operator would see them: wall clock of the command.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ImportBenchResult {
  lines: number;
  orders: number;
  copySeconds: number;
  importSeconds: number;
  copyLinesPerSecond: number;
  importLinesPerSecond: number;
  ratio: number;
}

interface Databases {
  recreate(name: string): Promise<string>;
  drop(name: string): Promise<void>;
}

const BARE_TABLE = `create table bare_order_lines (order_id text, member_external_id text, occurred_at timestamptz, line_id text, sku text,
  category text, brand text, quantity int, unit_price int8, currency text, store_id text, staff_id text, discount int8)`;

function timed(run: () => string): { seconds: number; output: string } {
  const started = performance.now();
  const output = run();
  return { seconds: (performance.now() - started) / 1000, output };
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

    const scratch = await databases.recreate('fidelis_bench_copy');
    execFileSync('psql', [scratch, '-qc', BARE_TABLE]);
    const copy = timed(() => execFileSync('psql', [scratch, '-qc', `\\copy bare_order_lines from '${file}' csv header`], { encoding: 'utf8' }));
    await databases.drop('fidelis_bench_copy');
    console.log(`  psql \\copy into a bare table: ${copy.seconds.toFixed(2)} s`);

    const url = await databases.recreate('fidelis_bench_import');
    node(['migrate'], { DATABASE_URL: url });
    node(['import', 'members', join(dir, 'members.csv'), '--json'], { DATABASE_URL: url });
    const imported = timed(() => node(['import', 'orders', file, '--json'], { DATABASE_URL: url }));
    const summary = JSON.parse(imported.output) as { imported: number; rejected: number; orders: { imported: number } };
    if (summary.rejected > 0 || summary.imported !== generated.orderLines) throw new Error(`import did not take every line: ${imported.output}`);
    if (!env.BENCH_KEEP) await databases.drop('fidelis_bench_import');
    console.log(`  fidelis import orders: ${imported.seconds.toFixed(2)} s for ${summary.orders.imported} orders`);

    const lines = generated.orderLines;
    return {
      lines,
      orders: summary.orders.imported,
      copySeconds: copy.seconds,
      importSeconds: imported.seconds,
      copyLinesPerSecond: Math.round(lines / copy.seconds),
      importLinesPerSecond: Math.round(lines / imported.seconds),
      ratio: copy.seconds / imported.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeImportBench(r: ImportBenchResult): string {
  return (
    `  import of ${r.lines} order lines (${r.orders} orders): ${r.importLinesPerSecond} lines/s (target ≥ 100,000); ` +
    `psql \\copy into a bare table ${r.copyLinesPerSecond} lines/s; import/copy throughput ${r.ratio.toFixed(2)} (target ≥ 0.70)`
  );
}
