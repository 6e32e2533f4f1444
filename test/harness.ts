// Test harness: a fresh database per test file (in-memory PGlite, or a new PostgreSQL database), migrated.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import { createDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { buildApp, type BuildAppOptions } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import type { Role } from '../src/modules/auth/roles.js';
import { createApiKey } from '../src/modules/auth/service.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { driftedFeedbackRollup } from '../src/modules/feedback/rollup.js';
import { driftedOrderStats } from '../src/modules/orders/stats.js';

export const testBackend = process.env.FIDELIS_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  config: Config;
  drop(): Promise<void>;
}

/** Runs one statement on the maintenance connection (create/drop test databases). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Where `fidelis` child processes of one test file keep their data, and how to reach it from the test. */
export interface CliDatabase {
  /** The parent's environment without DATABASE_URL, FIDELIS_* or NODE_OPTIONS, plus DATABASE_URL on PostgreSQL. */
  env: NodeJS.ProcessEnv;
  /** Global CLI options: `--data-dir` on PGlite, none on PostgreSQL. */
  args: string[];
  /** For opening the same database in the test process (never while a child holds a PGlite data dir). */
  config: Config;
  /** Drops the PostgreSQL database; a PGlite data dir goes with `dir`, which the caller removes. */
  drop(): Promise<void>;
}

/**
 * A fresh database for CLI children: a new PostgreSQL database named `<prefix>_<random>`, or a PGlite
 * data dir inside `dir`.
 * @example const cli = await createCliDatabase('fidelis_cli', dir); await runFidelis([...cli.args, 'migrate'], cli.env)
 */
export async function createCliDatabase(prefix: string, dir: string): Promise<CliDatabase> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DATABASE_URL' || name === 'NODE_OPTIONS' || name.startsWith('FIDELIS_')) delete env[name];
  if (testBackend === 'postgres') {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return {
      env: { ...env, DATABASE_URL: url.toString() },
      args: [],
      config: loadConfig({}, { databaseUrl: url.toString(), poolSize: 2, logLevel: 'silent' }),
      drop: () => adminQuery(`drop database if exists ${name} with (force)`),
    };
  }
  const dataDir = `${dir}/db`;
  return { env, args: ['--data-dir', dataDir], config: loadConfig({}, { dataDir, logLevel: 'silent' }), drop: async () => undefined };
}

export async function createTestDatabase(program: Partial<Config['program']> = {}, settings: Partial<Config> = {}): Promise<TestDatabase> {
  const overrides: Partial<Config> = { logLevel: 'silent', memory: true, poolSize: 40, checkResponses: true, ...settings };
  let drop = async () => undefined as void;
  if (testBackend === 'postgres') {
    const name = `fidelis_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    overrides.databaseUrl = url.toString();
    drop = () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  const config = loadConfig({}, { ...overrides, program: { ...loadConfig({}).program, ...program } });
  const db = createDatabase(config);
  await migrate(db);
  return {
    db,
    config,
    async drop() {
      await db.close();
      await drop();
    },
  };
}

export interface TestApp extends TestDatabase {
  app: App;
  keys: Record<Role, string>;
  /** Moves the app's clock: return windows and expiry without waiting. */
  setNow(date: Date): void;
  now(): Date;
}

export async function createTestApp(
  program: Partial<Config['program']> = {},
  settings: Partial<Config> = {},
  options: Pick<BuildAppOptions, 'webRoot'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(program, settings);
  let now = new Date('2026-06-01T12:00:00Z');
  const app = await buildApp({ ...options, config: database.config, db: database.db, clock: () => now, logger: process.env.TEST_LOG ? { level: 'error' } : false });
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'staff', 'integration', 'analyst'] as const) {
    keys[role] = (await createApiKey(database.db, { name: `${role} test`, role })).key;
  }
  return {
    ...database,
    app,
    keys,
    setNow: (date) => {
      now = date;
    },
    now: () => now,
    async drop() {
      await app.close();
      await database.drop();
    },
  };
}

/** JSON request as a given role; returns status, parsed body and headers. */
export async function call(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  options: { role?: Role; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${t.keys[options.role ?? 'admin']}`, ...options.headers },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  const text = response.body;
  return { status: response.statusCode, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function createMemberVia(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await call(t, 'POST', '/v1/members', {
    email: `m${randomBytes(5).toString('hex')}@example.com`,
    name: 'Test Member',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`member not created: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

let orderSeq = 0;
export function orderBody(memberId: string, lines: { unitPrice: number; quantity?: number; lineId?: string }[], occurredAt = '2026-06-01T10:00:00Z') {
  orderSeq += 1;
  return {
    memberId,
    currency: 'EUR',
    occurredAt,
    lines: lines.map((line, index) => ({
      lineId: line.lineId ?? `l${index + 1}`,
      sku: `SKU-${index + 1}`,
      category: 'coffee',
      quantity: line.quantity ?? 1,
      unitPrice: line.unitPrice,
    })),
    externalId: `ext-${process.pid}-${orderSeq}-${randomBytes(3).toString('hex')}`,
  };
}

/** `fidelis ledger verify` finds nothing (cached = Σ lots = Σ entries, allocations balanced), and every derived aggregate (order stats, the feedback rollup) equals a recount. */
export async function expectLedgerClean(t: TestDatabase): Promise<void> {
  const report = await verifyLedger(t.db);
  expect(report.problems).toEqual([]);
  expect(report.discrepancies).toBe(0);
  expect(await driftedOrderStats(t.db)).toEqual([]);
  expect(await driftedFeedbackRollup(t.db)).toEqual([]);
}
