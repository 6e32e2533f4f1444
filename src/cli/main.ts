// Each command loads what it needs when it runs: `fidelis keys list` should not pay for the HTTP server,
// the scheduled jobs or the analytics (module loading is most of a short command's time).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config.js';
import { ROLES, type Role } from '../modules/auth/roles.js';
import { BREAKDOWNS, metricsQuery, type MetricFigures } from '../modules/feedback/contract.js';
import { JOB_NAMES } from '../worker/job-names.js';
import { registerAnalytics } from './analytics.js';
import { drawExport, type DrawExport } from '../modules/draws/contract.js';
import { clvCommand } from './clv.js';
import { isoInstant } from './options.js';
import { configFrom, positive, withDatabase } from './database.js';
import { registerDemoGenerate } from './demo-generate.js';
import { registerImport } from './import.js';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number');
  return parsed;
}

const program = new Command('fidelis')
  .description('Fidelis: customer loyalty and retention on your own server.')
  .option('--memory', 'use an in-memory embedded database (nothing is kept)')
  .option('--data-dir <dir>', 'embedded database directory (default ./.fidelis/db)')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate and serve the API (and the scheduled jobs) on --host:--port\n  example: fidelis serve --port 3000')
  .option('-p, --port <port>', 'port', port)
  .option('--host <host>', 'interface to listen on')
  .option('--no-jobs', 'do not run scheduled jobs in this process')
  .action(async (options: { port?: number; host?: string; jobs: boolean }) => {
    const config = configFrom(program.opts(), {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host ? { host: options.host } : {}),
    });
    const { serve } = await import('./serve.js');
    await serve(config, { jobs: options.jobs });
  });

program
  .command('worker')
  .description(
    'run the scheduled jobs and the webhook dispatcher without the API (pair it with serve --no-jobs)\n' +
      '  example: DATABASE_URL=postgres://localhost/fidelis fidelis worker',
  )
  .action(async () => {
    const { work } = await import('./serve.js');
    await work(configFrom(program.opts()));
  });

program
  .command('demo')
  .description('seed a demo merchant (once) and serve it\n  example: fidelis demo --members 2000 --orders 20000')
  .option('--members <n>', 'members to create', positive, 2000)
  .option('--orders <n>', 'orders over the last two years', positive, 20000)
  .option('-p, --port <port>', 'port', port)
  .option('--seed-only', 'seed and exit without serving')
  .action(async (options: { members: number; orders: number; port?: number; seedOnly?: boolean }) => {
    const config = configFrom(program.opts(), options.port !== undefined ? { port: options.port } : {});
    const { runDemo } = await import('./demo.js');
    await runDemo(config, options);
  });
registerDemoGenerate(program.commands.find((command) => command.name() === 'demo')!, () => configFrom(program.opts()));
registerImport(program, () => configFrom(program.opts()));

program
  .command('migrate')
  .description('apply pending database migrations\n  example: DATABASE_URL=postgres://… fidelis migrate')
  .action(async () => {
    const [{ createDatabase }, { migrate }] = await Promise.all([import('../db/client.js'), import('../db/migrate.js')]);
    const db = createDatabase(configFrom(program.opts()));
    const applied = await migrate(db).finally(() => db.close());
    console.log(applied.length === 0 ? 'Database is up to date.' : `Applied ${applied.join(', ')}`);
  });

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create an API key; the secret is printed once\n  example: fidelis keys create --role admin --name ops --json')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--name <name>', 'what the key is for')
  .option('--json', 'print {"id","key",…} as JSON')
  .action(async (options: { role: Role; name: string; json?: boolean }) => {
    const { createApiKey } = await import('../modules/auth/service.js');
    const key = await withDatabase(configFrom(program.opts()), (db) => createApiKey(db, { name: options.name, role: options.role }));
    if (options.json) console.log(JSON.stringify({ id: key.id, key: key.key, name: key.name, role: key.role }));
    else console.log(`Created ${key.role} key ${key.id} (${key.name}). Store it now, it is not shown again:\n${key.key}`);
  });
keys
  .command('list')
  .description('list API keys (never their secrets)\n  example: fidelis keys list --json')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const { listApiKeys } = await import('../modules/auth/service.js');
    const all = await withDatabase(configFrom(program.opts()), (db) => listApiKeys(db));
    if (options.json) console.log(JSON.stringify(all));
    else for (const key of all) console.log(`${key.id}  ${key.role.padEnd(11)} ${key.keyPrefix}…  ${key.name}${key.revokedAt ? '  (revoked)' : ''}`);
  });
keys
  .command('revoke <id>')
  .description('revoke an API key\n  example: fidelis keys revoke key_01jd…')
  .action(async (id: string) => {
    const { revokeApiKey } = await import('../modules/auth/service.js');
    await withDatabase(configFrom(program.opts()), (db) => revokeApiKey(db, id));
    console.log(`Revoked ${id}.`);
  });

program
  .command('ledger')
  .description('ledger tools')
  .command('verify')
  .description('prove cached = Σ lots = Σ entries for every member; exit 1 on any discrepancy\n  example: fidelis ledger verify --json')
  .option('--json', 'print the report as JSON')
  .action(async (options: { json?: boolean }) => {
    const { verifyLedger } = await import('../modules/ledger/verify.js');
    const report = await withDatabase(configFrom(program.opts()), (db) => verifyLedger(db));
    if (options.json) console.log(JSON.stringify(report));
    else {
      console.log(`${report.members} members, ${report.entries} entries, ${report.lots} lots: ${report.discrepancies} discrepancies`);
      for (const p of report.problems) console.log(`  ${p.memberId}: ${p.check}: expected ${p.expected}, found ${p.actual}`);
    }
    process.exitCode = report.discrepancies === 0 ? 0 : 1;
  });

const jobs = program.command('jobs').description('scheduled jobs');

jobs
  .command('list')
  .description('each job and how often the worker runs it (FIDELIS_JOB_INTERVALS changes that)\n  example: FIDELIS_JOB_INTERVALS="journeys=10m" fidelis jobs list --json')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const { JOBS, scheduledJobs } = await import('../worker/schedule.js');
    const scheduled = new Map(scheduledJobs(configFrom(program.opts())).map((job) => [job.name, job.everyMs]));
    const rows = JOBS.map((job) => ({ job: job.name, defaultEveryMs: job.everyMs, everyMs: scheduled.get(job.name) ?? 0 }));
    if (options.json) console.log(JSON.stringify(rows));
    else for (const row of rows) console.log(`${row.job.padEnd(24)} ${row.everyMs === 0 ? 'off' : `every ${row.everyMs / 1000} s`}${row.everyMs === row.defaultEveryMs ? '' : ` (default every ${row.defaultEveryMs / 1000} s)`}`);
  });

jobs
  .command('run <job>')
  .description(`run one job now (${JOB_NAMES.join(', ')})\n  example: fidelis jobs run expire-points`)
  .action(async (name: string) => {
    const { findJob, JOBS } = await import('../worker/schedule.js');
    const job = findJob(name);
    if (!job) throw new InvalidArgumentError(`unknown job ${name}; jobs: ${JOBS.map((j) => j.name).join(', ')}`);
    const config = configFrom(program.opts());
    const result = await withDatabase(config, (db) => job.run(db, new Date(), config));
    console.log(JSON.stringify({ job: name, ...result }));
  });

program
  .command('nps')
  .description(
    'NPS with 95% CI (plus CSAT, CES, response rate) for a period, optionally broken down\n' +
      '  example: fidelis nps --from 2026-01-01 --to 2026-07-01 --by store --json',
  )
  .option('--from <date>', 'start, inclusive (ISO date or time)')
  .option('--to <date>', 'end, exclusive (ISO date or time)')
  .option('--by <breakdown>', `one of ${BREAKDOWNS.join(', ')}`)
  .option('--survey <id>', 'only this survey')
  .option('--interval <week|month>', 'add a trend')
  .option('--json', 'print JSON')
  .action(async (options: { from?: string; to?: string; by?: string; survey?: string; interval?: string; json?: boolean }) => {
    const parsed = metricsQuery.safeParse({
      from: options.from && isoInstant(options.from, '--from'),
      to: options.to && isoInstant(options.to, '--to'),
      by: options.by,
      surveyId: options.survey,
      interval: options.interval,
    });
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('\n'));
    const config = configFrom(program.opts());
    const [{ feedbackMetrics }, { savedSegmentGroups }] = await Promise.all([import('../modules/feedback/reporting.js'), import('../modules/feedback/segment-groups.js')]);
    const result = await withDatabase(config, async (db) =>
      feedbackMetrics(db, parsed.data, parsed.data.by === 'segment' ? await savedSegmentGroups(db, config, new Date()) : []),
    );
    if (options.json) return console.log(JSON.stringify(result));
    const line = (label: string, f: MetricFigures) =>
      `${label.padEnd(28)} n=${String(f.responses).padStart(7)}  NPS ${f.nps === null ? '   –' : String(f.nps).padStart(6)}` +
      (f.npsCi95 ? `  (95% CI ${f.npsCi95.low} … ${f.npsCi95.high})` : '') +
      `  CSAT ${f.csat ?? '–'}%  CES ${f.ces ?? '–'}`;
    console.log(line('overall', result.overall) + `  response rate ${result.overall.responseRate ?? '–'}%`);
    for (const group of result.groups ?? []) console.log(line(`  ${options.by} ${group.key ?? '(none)'}`, group));
    for (const point of result.trend ?? []) console.log(line(`  ${point.period}`, point));
  });

registerAnalytics(program, (fn) => {
  const config = configFrom(program.opts());
  return withDatabase(config, (db) => fn(db, config));
});
const draws = program.command('draws').description('win-win prize draws');
draws
  .command('export <id>')
  .description(
    'print a drawn campaign as JSON (seed, both hashes, prize table, entries, results) for anyone to verify\n' +
      '  example: fidelis draws export drw_01jd… > draw.json',
  )
  .action(async (id: string) => {
    const { exportDraw } = await import('../modules/draws/export.js');
    const data = await withDatabase(configFrom(program.opts()), (db) => exportDraw(db, id));
    console.log(JSON.stringify(data, null, 2));
  });
draws
  .command('verify [id]')
  .description(
    're-run a draw and check sha256(seed) = seedHash, the entries hash and the winners; exit 1 on any mismatch\n' +
      '  example: fidelis draws verify drw_01jd…   (offline: fidelis draws verify --file draw.json)',
  )
  .option('--file <path>', 'an exported draw (fidelis draws export, or GET /v1/draws/{id}/export): no database needed')
  .option('--json', 'print the verdict as JSON')
  .action(async (id: string | undefined, options: { file?: string; json?: boolean }) => {
    if ((id === undefined) === (options.file === undefined)) throw new InvalidArgumentError('give a draw id or --file <path>, not both');
    const [{ exportDraw }, { verifyDraw }] = await Promise.all([import('../modules/draws/export.js'), import('../modules/draws/verify.js')]);
    const data = options.file ? await readDrawExport(options.file) : await withDatabase(configFrom(program.opts()), (db) => exportDraw(db, id!));
    const verdict = verifyDraw(data);
    if (options.json) console.log(JSON.stringify(verdict));
    else {
      console.log(`${verdict.drawId} (${verdict.name}): ${verdict.verified ? 'VERIFIED' : 'MISMATCH'}`);
      for (const c of verdict.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`);
    }
    process.exitCode = verdict.verified ? 0 : 1;
  });

async function readDrawExport(path: string): Promise<DrawExport> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError(`--file: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = drawExport.safeParse(json);
  if (!parsed.success) throw new InvalidArgumentError(`--file: not a draw export: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

program.addCommand(clvCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InvalidArgumentError) console.error(error.message);
  else console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = process.exitCode || 1;
});
