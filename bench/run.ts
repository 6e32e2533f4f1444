// `npm run bench`: how close the API comes to what PostgreSQL itself can do on this machine.
// 1. pgbench -N (simple writes) and -S (point reads) baselines, c=32, scale 10.
// 2. A real `fidelis serve` child on PostgreSQL; autocannon drives POST /v1/orders (unique
//    Idempotency-Key and externalId per request) and GET /v1/members/:id/balance at c=8/32/64, then the
//    same balance read at c=32 from a bare Fastify + pg server (bench/ceiling-server.ts): the stack's
//    ceiling. BENCH_ONLY=ledger runs 1 and 2 alone.
// 3. Embedded PGlite: cold start of `fidelis serve` on a seeded demo to its first answered /v1 request.
// 4. NPS breakdowns over 1M responses, a backtest of 1M orders, overview KPIs and RFM at 1M members /
//    10M order lines (bench/feedback.ts, backtest.ts, analytics.ts).
// 5. In-process: the CLV fit (BG/NBD + Gamma-Gamma) of 1M simulated members (bench/clv.ts).
// 6. `fidelis import orders` of ~1M synthetic order lines against `psql \copy` of the same file (bench/import.ts).
// 7. Webhooks: the outbox dispatcher draining 50,000 events to a local receiver (bench/webhooks.ts).
// 8. One journey enrolment pass of the template journeys over 1M seeded members, then all of them through
//    the welcome journey's first steps (bench/journeys.ts).
// Prints a table and the ratios; writes bench/results/<time>.json.
// Every `fidelis` child runs the compiled server, as a production install does after `npm run build`:
// the bench compiles it first (BENCH_FROM_SOURCE=1 runs the TypeScript sources through tsx instead).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BUILD_STAMP } from '../bin/fresh-build.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import type { Role } from '../src/modules/auth/roles.js';
import { createApiKey } from '../src/modules/auth/service.js';
import { createMember } from '../src/modules/members/service.js';
import { seedResponses, timeMetrics, type NpsBenchResult } from './feedback.js';
import { fiftyRuleDefinitions, measureRuleEvaluation } from './rules.js';
import { seedOrders, timeBacktest } from './backtest.js';
import { seedAnalytics, timeWarm } from './analytics.js';
import { describeClvFit, measureClvFit } from './clv.js';
import { describeImportBench, importBench } from './import.js';
import { describeWebhookDispatch, timeWebhookDispatch, type WebhookBenchResult } from './webhooks.js';
import { describeJourneyBench, measureJourneyEnrolment, measureMassEntry, seedJourneyMembers, type JourneyBenchResult } from './journeys.js';

const env = process.env;
const baseUrl = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(env.BENCH_SECONDS ?? 15);
const pgbenchSeconds = Number(env.BENCH_PGBENCH_SECONDS ?? 20);
const memberCount = Number(env.BENCH_MEMBERS ?? 20_000);
const concurrencies = (env.BENCH_CONCURRENCY ?? '8,32,64').split(',').map(Number);
const port = Number(env.BENCH_PORT ?? 3917);
const clvMembers = Number(env.BENCH_CLV_MEMBERS ?? 1_000_000);
const demoSize = { members: Number(env.BENCH_DEMO_MEMBERS ?? 2000), orders: Number(env.BENCH_DEMO_ORDERS ?? 20000) };
const cli = join(import.meta.dirname, '..', 'bin', 'fidelis.js');

/**
 * A bench database's real name: `BENCH_DB_PREFIX` (default `fidelis_bench`) in place of its leading
 * `fidelis_bench`, so two benches started at once (with different BENCH_PORTs) do not drop each other's.
 */
function dbName(name: string): string {
  const prefix = env.BENCH_DB_PREFIX ?? 'fidelis_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`BENCH_DB_PREFIX must be a plain lower-case identifier, not ${prefix}`);
  return name.replace(/^fidelis_bench/, prefix);
}

function databaseUrl(name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${dbName(name)}`;
  return url.toString();
}

async function recreateDatabase(name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${dbName(name)} with (force)`);
    await client.query(`create database ${dbName(name)}${template ? ` template ${dbName(template)}` : ''}`);
  } finally {
    await client.end();
  }
  return databaseUrl(name);
}

async function vacuum(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('vacuum analyze').finally(() => client.end());
}

const importDatabases = { recreate: recreateDatabase, drop: dropDatabase };

async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`drop database if exists ${dbName(name)} with (force)`).finally(() => client.end());
}

interface PgbenchResult {
  tps: number;
  latencyMs: number;
}

function pgbench(url: string, mode: '-N' | '-S'): PgbenchResult {
  const out = execFileSync('pgbench', [mode, '-c', '32', '-j', '2', '-T', String(pgbenchSeconds), '-n', url], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
  if (!tps) throw new Error(`could not read pgbench output:\n${out}`);
  return { tps: Number(tps), latencyMs: Number(latency) };
}

function startServer(args: string[], extraEnv: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [cli, ...args], {
    // The per-key rate limit stays on (its cost is part of every request) but cannot trip.
    env: { ...env, LOG_LEVEL: 'warn', FIDELIS_RATE_LIMIT_PER_MINUTE: '1000000000', ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function waitForAnswer(url: string, headers: Record<string, string>, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { headers });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Measured {
  name: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The first failed response, so a broken run explains itself. */
  sampleFailure?: string;
}

/**
 * The load generator must cost little, or it takes the CPU the server needs (2 cores here, shared
 * with PostgreSQL): requests are built once, and autocannon only swaps `[<id>]` for a fresh id.
 */
function run(name: string, connections: number, duration: number, requests: autocannon.Request[], key: string, idReplacement = false): Promise<Measured> {
  let sampleFailure: string | undefined;
  const observed = requests.map((request) => ({
    ...request,
    onResponse(status: number, body: string) {
      if (status >= 300 && sampleFailure === undefined) sampleFailure = `${status} ${body.slice(0, 300)}`;
    },
  }));
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        idReplacement,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        requests: observed,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          name,
          connections,
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          ...(sampleFailure ? { sampleFailure } : {}),
        });
      },
    );
  });
}

async function seedMembers(url: string): Promise<{ key: string; adminKey: string; members: string[] }> {
  const config = loadConfig({}, { databaseUrl: url, poolSize: 16, logLevel: 'silent' });
  const db = createDatabase(config);
  try {
    await migrate(db);
    const { key } = await createApiKey(db, { name: 'bench', role: 'integration' });
    const { key: adminKey } = await createApiKey(db, { name: 'bench admin', role: 'admin' });
    const members: string[] = [];
    const now = new Date();
    for (let i = 0; i < memberCount; i += 200) {
      const batch = Array.from({ length: Math.min(200, memberCount - i) }, (_, j) =>
        createMember(db, { externalId: `bench-${i + j}`, name: `Bench ${i + j}`, marketingConsent: false }, now),
      );
      for (const member of await Promise.all(batch)) members.push(member.id);
    }
    return { key, adminKey, members };
  } finally {
    await db.close();
  }
}

/** Installs the 50-rule program through the API (so the server's rule cache sees it at once). */
async function installRules(adminKey: string, withCaps: boolean): Promise<void> {
  const headers = await retireRules(adminKey);
  for (const definition of fiftyRuleDefinitions(withCaps)) {
    const response = await fetch(`http://127.0.0.1:${port}/v1/program/rules`, { method: 'POST', headers, body: JSON.stringify(definition) });
    if (response.status !== 201) throw new Error(`rule not created: ${response.status} ${await response.text()}`);
  }
}

/** Retires every active rule: the program earns at the base rate alone again. */
async function retireRules(adminKey: string): Promise<Record<string, string>> {
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const existing = (await (await fetch(`http://127.0.0.1:${port}/v1/program/rules?status=active`, { headers })).json()) as { data: { id: string }[] };
  for (const rule of existing.data) await fetch(`http://127.0.0.1:${port}/v1/program/rules/${rule.id}/retire`, { method: 'POST', headers });
  return headers;
}

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/** Orders for random members; `[<id>]` becomes a fresh id per request (idempotency key and externalId). */
function earnRequests(members: string[]): autocannon.Request[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    method: 'POST',
    path: '/v1/orders',
    headers: { 'idempotency-key': 'bench-[<id>]' },
    body: JSON.stringify({
      memberId: pick(members),
      externalId: 'bench-order-[<id>]',
      currency: 'EUR',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      storeId: 'store-1',
      lines: [
        { lineId: '1', sku: 'FLAT-WHITE', category: 'coffee', quantity: 2, unitPrice: 350 + (i % 100) },
        { lineId: '2', sku: 'CROISSANT', category: 'bakery', quantity: 1, unitPrice: 275 },
      ],
    }),
  }));
}

function balanceRequests(members: string[]): autocannon.Request[] {
  return Array.from({ length: 2000 }, () => ({ method: 'GET', path: `/v1/members/${pick(members)}/balance` }));
}

/** `earnOnly`: base earn at c=32 and the 50-rule variants, nothing else (BENCH_ONLY=rules). */
async function httpBench(earnOnly = false): Promise<Measured[]> {
  const name = 'fidelis_bench';
  const url = await recreateDatabase(name);
  const seededAt = Date.now();
  const { key, adminKey, members } = await seedMembers(url);
  console.log(`  seeded ${members.length} members in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
  const server = startServer(['serve', '--port', String(port), '--no-jobs'], { DATABASE_URL: url });
  const results: Measured[] = [];
  try {
    await waitForAnswer(`http://127.0.0.1:${port}/health`, {}, server);
    // Warm the JIT, the pool and the key cache before measuring.
    await run('warmup', 32, 3, earnRequests(members), key, true);
    if (!earnOnly) await run('warmup', 32, 3, balanceRequests(members), key);
    for (const connections of earnOnly ? [32] : concurrencies) {
      results.push(await run('POST /v1/orders (earn)', connections, seconds, earnRequests(members), key, true));
      console.log(format(results.at(-1)!));
    }
    results.push(...(await ruleComparison(adminKey, members, key)));
    if (earnOnly) return results;
    // The earn runs just wrote a few hundred thousand rows; let autovacuum's catch-up happen now, not
    // during the read measurement (pgbench, run with -n, measures on tables it has just vacuumed).
    await vacuum(url);
    for (const connections of concurrencies) {
      results.push(await run('GET balance', connections, seconds, balanceRequests(members), key));
      console.log(format(results.at(-1)!));
    }
    await stopServer(server);
    results.push(await ceilingBench(url, members, key));
    console.log(format(results.at(-1)!));
  } finally {
    await stopServer(server);
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
  return results;
}

/** The same balance reads from bench/ceiling-server.ts (bare Fastify + pg, same pool size) on the same database. */
async function ceilingBench(url: string, members: string[], key: string): Promise<Measured> {
  const poolSize = String(loadConfig(env).poolSize); // as the served API's pool
  const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ceiling-server.ts'), url, String(port), poolSize], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForAnswer(`http://127.0.0.1:${port}/v1/members/${members[0]}/balance`, {}, server);
    await run('warmup', 32, 3, balanceRequests(members), key);
    return await run(CEILING, 32, seconds, balanceRequests(members), key);
  } finally {
    await stopServer(server);
  }
}

const CEILING = 'balance, bare Fastify+pg';

/** Feedback metrics over `BENCH_RESPONSES` (default 1M) responses on PostgreSQL, through the HTTP API. */
/** A fresh, migrated database for one benchmark, with an API key of `role` for its requests. */
async function benchDatabase(name: string, role: Role): Promise<{ url: string; key: string }> {
  const url = await recreateDatabase(name);
  const db = createDatabase(loadConfig({}, { databaseUrl: url, poolSize: 4, logLevel: 'silent' }));
  try {
    await migrate(db);
    return { url, key: (await createApiKey(db, { name: 'bench', role })).key };
  } finally {
    await db.close();
  }
}

async function npsBench(): Promise<NpsBenchResult> {
  const name = 'fidelis_bench_nps';
  const responses = Number(env.BENCH_RESPONSES ?? 1_000_000);
  const { url, key } = await benchDatabase(name, 'analyst');
  const seeded = await seedResponses(url, responses);
  console.log(`  seeded ${responses} feedback responses in ${seeded.seconds.toFixed(1)} s`);
  const server = startServer(['serve', '--port', String(port + 2), '--no-jobs'], { DATABASE_URL: url });
  try {
    await waitForAnswer(`http://127.0.0.1:${port + 2}/health`, {}, server);
    const timings = await timeMetrics(`http://127.0.0.1:${port + 2}`, key);
    for (const t of timings) console.log(`  ${t.query.padEnd(96)} median ${String(t.medianMs).padStart(5)} ms  max ${String(t.maxMs).padStart(5)} ms`);
    return { responses, seedSeconds: seeded.seconds, timings };
  } finally {
    await stopServer(server);
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
}

function describeSlowestNps(nps: NpsBenchResult): string {
  const slowest = nps.timings.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  return `NPS over ${nps.responses} responses, slowest breakdown: ${slowest.medianMs} ms median, ${slowest.maxMs} ms max (${slowest.query}; target < 1000)`;
}

/** A draft 50-rule set replayed over `BENCH_BACKTEST_ORDERS` (default 1M) stored orders, through the HTTP API. */
async function backtestBench(): Promise<{ orders: number; seedSeconds: number; seconds: number }> {
  const name = 'fidelis_bench_backtest';
  const orders = Number(env.BENCH_BACKTEST_ORDERS ?? 1_000_000);
  const { url, key: adminKey } = await benchDatabase(name, 'admin');
  const seedSeconds = await seedOrders(url, orders);
  console.log(`  seeded ${orders} orders (2 lines each) in ${seedSeconds.toFixed(1)} s`);
  const server = startServer(['serve', '--port', String(port + 3), '--no-jobs'], { DATABASE_URL: url });
  try {
    await waitForAnswer(`http://127.0.0.1:${port + 3}/health`, {}, server);
    const result = await timeBacktest(`http://127.0.0.1:${port + 3}`, adminKey);
    console.log(`  backtest of ${result.orders} orders under 50 draft rules: ${result.seconds.toFixed(1)} s (would issue ${result.wouldIssue} points)`);
    return { orders: result.orders, seedSeconds, seconds: result.seconds };
  } finally {
    await stopServer(server);
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
}

/** Seeds a demo into a fresh embedded data dir, then times `serve` from spawn to its first /v1 answer. */
async function pgliteColdStart(): Promise<{ seedSeconds: number; coldStartMs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'fidelis-bench-'));
  const childEnv = { ...env, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  try {
    const seedStarted = Date.now();
    execFileSync(process.execPath, [cli, '--data-dir', dir, 'demo', '--seed-only', '--members', String(demoSize.members), '--orders', String(demoSize.orders)], {
      env: childEnv,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const created = JSON.parse(
      execFileSync(process.execPath, [cli, '--data-dir', dir, 'keys', 'create', '--role', 'analyst', '--name', 'bench', '--json'], { env: childEnv, encoding: 'utf8' }),
    ) as { key: string };
    const coldStartMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const server = startServer(['--data-dir', dir, 'serve', '--port', String(port + 1), '--no-jobs'], { DATABASE_URL: '' });
      try {
        await waitForAnswer(`http://127.0.0.1:${port + 1}/v1/members?limit=1`, { authorization: `Bearer ${created.key}` }, server);
        coldStartMs.push(Math.round(performance.now() - started));
      } finally {
        await stopServer(server);
      }
    }
    return { seedSeconds, coldStartMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pgbenchBaselines(): Promise<{ writes: PgbenchResult; reads: PgbenchResult }> {
  const pgbenchName = 'fidelis_bench_pgbench';
  const pgbenchUrl = await recreateDatabase(pgbenchName);
  execFileSync('pgbench', ['-i', '-s', '10', '-q', pgbenchUrl], { stdio: 'ignore' }); // -i ends with a vacuum
  const writes = pgbench(pgbenchUrl, '-N');
  console.log(`pgbench -N c=32: ${writes.tps.toFixed(0)} tps (latency avg ${writes.latencyMs} ms)`);
  const reads = pgbench(pgbenchUrl, '-S');
  console.log(`pgbench -S c=32: ${reads.tps.toFixed(0)} tps (latency avg ${reads.latencyMs} ms)`);
  await dropDatabase(pgbenchName);
  return { writes, reads };
}

const BASE_IN_TURNS = 'base earn, in turns with the rules';
const UNCAPPED_RULES = 'earn, 50 rules';
const RULE_ROUNDS = 3;

/**
 * Base earn against a 50-rule program at c=32: without caps (group commit), and with 10 capped rules
 * (each order then takes its own locked transaction to keep caps exact). Each run adds tens of
 * thousands of orders, and earn slows as the tables grow (measured: base earn 3,408 req/s first and
 * 2,535 req/s after the rule runs), so one run of each in a row favours whichever goes first. The three
 * take turns instead, RULE_ROUNDS rounds of a third of the time each, and each figure is the mean of its rounds.
 */
async function ruleComparison(adminKey: string, members: string[], key: string): Promise<Measured[]> {
  const variants = [
    { name: BASE_IN_TURNS, caps: null },
    { name: UNCAPPED_RULES, caps: false },
    { name: 'earn, 50 rules, 10 capped', caps: true },
  ];
  const rounds = new Map<string, Measured[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < RULE_ROUNDS; round++) {
    for (const variant of variants) {
      if (variant.caps === null) await retireRules(adminKey);
      else await installRules(adminKey, variant.caps);
      rounds.get(variant.name)!.push(await run(variant.name, 32, Math.max(3, Math.round(seconds / RULE_ROUNDS)), earnRequests(members), key, true));
    }
  }
  await retireRules(adminKey);
  return variants.map((variant) => {
    const measured = rounds.get(variant.name)!;
    const combined: Measured = {
      name: variant.name,
      connections: 32,
      requestsPerSecond: measured.reduce((sum, m) => sum + m.requestsPerSecond, 0) / measured.length,
      p50: Math.max(...measured.map((m) => m.p50)),
      p99: Math.max(...measured.map((m) => m.p99)),
      errors: measured.reduce((sum, m) => sum + m.errors, 0),
      non2xx: measured.reduce((sum, m) => sum + m.non2xx, 0),
      sampleFailure: measured.find((m) => m.sampleFailure)?.sampleFailure,
    };
    console.log(format(combined));
    return combined;
  });
}

/** Each rule program against base earn measured in turns with it. */
function printRuleRatios(http: Measured[]): void {
  const base = http.find((m) => m.name === BASE_IN_TURNS);
  if (!base) return;
  for (const m of http.filter((h) => h.name.startsWith('earn, 50 rules'))) {
    // Issue 4's target is for the 50 rules as such; the capped variant is our own measure, with no target.
    const target = m.name === UNCAPPED_RULES ? '  (target ≥ 0.80)' : '  (no target)';
    console.log(`  ${m.name} / base earn at c=32 (in turns, ${RULE_ROUNDS} rounds): ${(m.requestsPerSecond / base.requestsPerSecond).toFixed(2)}${target}`);
  }
}

function printLedgerSummary(http: Measured[], writes: PgbenchResult, reads: PgbenchResult): void {
  const at32 = (name: string) => http.find((m) => m.name.startsWith(name) && m.connections === 32);
  const earn = at32('POST');
  const balance = at32('GET');
  const ceiling = at32(CEILING);
  printRuleRatios(http);
  if (earn) console.log(`  earn/pgbench-N at c=32:    ${(earn.requestsPerSecond / writes.tps).toFixed(2)}  (target ≥ 0.50, p99 ${earn.p99} ms, target < 50)`);
  if (balance) console.log(`  balance/pgbench-S at c=32: ${(balance.requestsPerSecond / reads.tps).toFixed(2)}  (target ≥ 0.25)`);
  if (balance && ceiling) {
    console.log(
      `  bare Fastify+pg ceiling/pgbench-S at c=32: ${(ceiling.requestsPerSecond / reads.tps).toFixed(2)}; balance/ceiling: ${(balance.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)}`,
    );
  }
}

function format(m: Measured): string {
  return [
    m.name.padEnd(26),
    `c=${m.connections}`.padEnd(6),
    `${m.requestsPerSecond.toFixed(0).padStart(7)} req/s`,
    `p50 ${String(m.p50).padStart(4)} ms`,
    `p99 ${String(m.p99).padStart(4)} ms`,
    m.errors + m.non2xx > 0 ? `errors ${m.errors}, non-2xx ${m.non2xx}${m.sampleFailure ? ` (${m.sampleFailure})` : ''}` : '',
  ].join('  ');
}

/** Overview KPIs and RFM over `BENCH_ANALYTICS_MEMBERS` (1M) members and `BENCH_ANALYTICS_LINES` (10M) order lines, warm. */
async function analyticsBench(): Promise<{ members: number; lines: number; seedSeconds: number; timings: { query: string; medianMs: number }[] }> {
  const name = 'fidelis_bench_analytics';
  const members = Number(env.BENCH_ANALYTICS_MEMBERS ?? 1_000_000);
  const lines = Number(env.BENCH_ANALYTICS_LINES ?? 10_000_000);
  const { url, key: adminKey } = await benchDatabase(name, 'admin');
  const seedSeconds = await seedAnalytics(url, members, lines);
  console.log(`  seeded ${members} members and ${lines} order lines in ${seedSeconds.toFixed(1)} s`);
  const server = startServer(['serve', '--port', String(port + 4), '--no-jobs'], { DATABASE_URL: url });
  try {
    const base = `http://127.0.0.1:${port + 4}`;
    await waitForAnswer(`${base}/health`, {}, server);
    const period = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';
    const queries = {
      overview: `/v1/analytics/overview?${period}`,
      'overview by store': `/v1/analytics/overview?${period}&by=store`,
      'overview by segment': `/v1/analytics/overview?${period}&by=segment`,
      'members vs non-members': `/v1/analytics/members-vs-non-members?${period}`,
      rfm: '/v1/analytics/rfm?asOf=2027-01-01T00:00:00Z',
    };
    const timings = [];
    for (const [query, path] of Object.entries(queries)) {
      const medianMs = await timeWarm(base + path, adminKey);
      console.log(`  ${query}: ${medianMs} ms median warm`);
      timings.push({ query, medianMs });
    }
    // The issue's target is on overview KPIs and RFM; the brand report is timed for the record.
    console.log(`  brands: ${await timeWarm(`${base}/v1/analytics/brands?${period}`, adminKey)} ms median warm (no target)`);
    return { members, lines, seedSeconds, timings };
  } finally {
    await stopServer(server);
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
}

/** The webhook dispatcher draining `BENCH_WEBHOOK_EVENTS` (default 50,000) outbox events on PostgreSQL. */
async function webhookBench(): Promise<WebhookBenchResult> {
  const name = 'fidelis_bench_webhooks';
  const url = await recreateDatabase(name);
  try {
    const result = await timeWebhookDispatch(url, Number(env.BENCH_WEBHOOK_EVENTS ?? 50_000));
    console.log(`  ${describeWebhookDispatch(result)}`);
    return result;
  } finally {
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
}

/** One enrolment pass of the template journeys over `BENCH_JOURNEY_MEMBERS` (1M) members, then a mass entry through the welcome steps. */
async function journeysBench(): Promise<JourneyBenchResult> {
  const name = 'fidelis_bench_journeys';
  const url = await recreateDatabase(name);
  const members = Number(env.BENCH_JOURNEY_MEMBERS ?? 1_000_000);
  const db = createDatabase(loadConfig({}, { databaseUrl: url, poolSize: 4, logLevel: 'silent' }));
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  try {
    const seedSeconds = await seedJourneyMembers(url, members);
    console.log(`  seeded ${members} members with aggregates in ${seedSeconds.toFixed(1)} s`);
    const enrolment = await measureJourneyEnrolment(url, members, seedSeconds);
    const result = { ...enrolment, massEntry: await measureMassEntry(url) };
    console.log(`  ${describeJourneyBench(result)}`);
    return result;
  } finally {
    if (!env.BENCH_KEEP) await dropDatabase(name);
  }
}

/** The server half of `npm run build`, so bin/fidelis.js runs compiled JavaScript; or a note that it will not. */
function compileServer(): void {
  if (env.BENCH_FROM_SOURCE) {
    rmSync(join(import.meta.dirname, '..', 'dist', BUILD_STAMP), { force: true }); // an earlier build no longer counts as fresh
    console.log('  fidelis runs from source through tsx (BENCH_FROM_SOURCE)');
    return;
  }
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build-server.js')], { stdio: 'inherit' });
  console.log('  fidelis runs compiled (dist/, as after npm run build)');
}

async function main(): Promise<void> {
  compileServer();
  if (env.BENCH_ONLY === 'webhooks') {
    await webhookBench();
    return;
  }
  if (env.BENCH_ONLY === 'cold-start') {
    const cold = await pgliteColdStart();
    console.log(`  PGlite cold start to first /v1 answer: ${cold.coldStartMs.join(', ')} ms (target < 5000; demo seeded in ${cold.seedSeconds.toFixed(1)} s)`);
    return;
  }
  if (env.BENCH_ONLY === 'analytics') {
    await analyticsBench();
    return;
  }
  if (env.BENCH_ONLY === 'nps') {
    console.log(`  ${describeSlowestNps(await npsBench())}`);
    return;
  }
  if (env.BENCH_ONLY === 'rules') {
    const ruleEvaluation = measureRuleEvaluation();
    console.log(`  rule evaluation in-process: ${ruleEvaluation.perSecond} orders/s with ${ruleEvaluation.rules} rules (target ≥ 50,000)`);
    printRuleRatios(await httpBench(true));
    return;
  }
  if (env.BENCH_ONLY === 'backtest') {
    await backtestBench();
    return;
  }
  if (env.BENCH_ONLY === 'journeys') {
    await journeysBench();
    return;
  }
  if (env.BENCH_ONLY === 'clv') {
    console.log(describeClvFit(measureClvFit(clvMembers)));
    return;
  }
  if (env.BENCH_ONLY === 'import') {
    console.log(describeImportBench(await importBench(cli, importDatabases, env)));
    return;
  }
  console.log(`Fidelis bench on ${new URL(baseUrl).host}: pgbench ${pgbenchSeconds} s, HTTP ${seconds} s per point, ${memberCount} members`);
  const { writes, reads } = await pgbenchBaselines();
  const http = await httpBench();
  if (env.BENCH_ONLY === 'ledger') {
    console.log('\nSummary');
    printLedgerSummary(http, writes, reads);
    return;
  }
  const cold = env.BENCH_SKIP_COLD_START ? null : await pgliteColdStart();
  const nps = env.BENCH_SKIP_NPS ? null : await npsBench();
  const backtested = env.BENCH_SKIP_BACKTEST ? null : await backtestBench();
  const analytics = env.BENCH_SKIP_ANALYTICS ? null : await analyticsBench();
  const webhooks = env.BENCH_SKIP_WEBHOOKS ? null : await webhookBench();
  const clv = env.BENCH_SKIP_CLV ? null : measureClvFit(clvMembers);
  const imported = env.BENCH_SKIP_IMPORT ? null : await importBench(cli, importDatabases, env);
  const journeys = env.BENCH_SKIP_JOURNEYS ? null : await journeysBench();

  console.log('\nSummary');
  for (const m of http) console.log('  ' + format(m));
  const ruleEvaluation = measureRuleEvaluation();
  console.log(`  rule evaluation in-process: ${ruleEvaluation.perSecond} orders/s with ${ruleEvaluation.rules} rules (target ≥ 50,000)`);
  printLedgerSummary(http, writes, reads);
  if (nps) console.log(`  ${describeSlowestNps(nps)}`);
  if (backtested) console.log(`  backtest of ${backtested.orders} orders under 50 rules: ${backtested.seconds.toFixed(1)} s (target < 30)`);
  if (analytics) {
    const slowest = analytics.timings.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    console.log(`  analytics at ${analytics.members} members / ${analytics.lines} lines, slowest: ${slowest.query} ${slowest.medianMs} ms warm (target < 1000)`);
  }
  if (webhooks) console.log(`  ${describeWebhookDispatch(webhooks)}`);
  if (clv) console.log(`  ${describeClvFit(clv)}`);
  if (imported) console.log(describeImportBench(imported));
  if (journeys) console.log(`  ${describeJourneyBench(journeys)}`);
  if (cold) console.log(`  PGlite cold start to first /v1 answer: ${cold.coldStartMs.join(', ')} ms (target < 5000; demo seeded in ${cold.seedSeconds.toFixed(1)} s)`);

  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ pgbench: { writes, reads }, http, cold, nps, backtested, analytics, webhooks, clv, journeys, imported, ruleEvaluation, settings: { seconds, pgbenchSeconds, memberCount } }, null, 2));
  console.log(`\nWritten to ${file}`);
}

await main();
