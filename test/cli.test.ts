// The `fidelis` CLI as an operator runs it: a child process per command against a fresh database
// (a new PostgreSQL database via DATABASE_URL, or a PGlite --data-dir), one file-wide scenario.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';
import { createCliDatabase, type CliDatabase } from './harness.js';
import { runFidelis, type CliResult } from './processes.js';



let dir: string;
let cli: CliDatabase;

function fidelis(...args: string[]): Promise<CliResult> {
  return runFidelis([...cli.args, ...args], cli.env);
}

/** Opens the CLI's database in this process (never while a child holds a PGlite data dir). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = createDatabase(cli.config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fidelis-cli-'));
  cli = await createCliDatabase('fidelis_cli', dir);
});
afterAll(async () => {
  await cli.drop();
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
let apiKey: { id: string; key: string };
const memberIds: string[] = [];

describe('fidelis CLI', { timeout: 120_000 }, () => {
  it('migrate applies the migrations to a fresh database', async () => {
    const result = await fidelis('migrate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Applied 0000_foundation/);
  });

  it('keys create --json prints the new key once; keys list --json never shows secrets', async () => {
    const created = await fidelis('keys', 'create', '--role', 'admin', '--name', 'ops', '--json');
    expect(created.code, created.stderr).toBe(0);
    apiKey = JSON.parse(created.stdout);
    expect(apiKey).toEqual({ id: expect.stringMatching(/^key_[0-9a-z]{26}$/), key: expect.stringMatching(/^fid_/), name: 'ops', role: 'admin' });

    const listed = await fidelis('keys', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const keys = JSON.parse(listed.stdout);
    expect(keys).toEqual([expect.objectContaining({ id: apiKey.id, name: 'ops', role: 'admin', keyPrefix: apiKey.key.slice(0, 10), revokedAt: null })]);
    expect(keys[0]).not.toHaveProperty('key');
    expect(listed.stdout).not.toContain(apiKey.key);

    const invalid = await fidelis('keys', 'create', '--role', 'root', '--name', 'x');
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('root');
  });

  it('the created key works against the API (seeding two members through it)', async () => {
    const now = new Date();
    await withDb(async (db) => {
      const app = await buildApp({ config: cli.config, db, logger: false });
      try {
        const headers = { authorization: `Bearer ${apiKey.key}` };
        for (const email of ['cli-a@example.com', 'cli-b@example.com']) {
          const member = await app.inject({ method: 'POST', url: '/v1/members', headers, payload: { email } });
          expect(member.statusCode, member.body).toBe(201);
          memberIds.push(member.json().id);
        }
        // Earned 400 days ago: unlocked and already expired (12 months after unlocking), not yet booked.
        const old = { memberId: memberIds[0], currency: 'EUR', occurredAt: new Date(now.getTime() - 400 * DAY).toISOString(), lines: [{ lineId: 'a', sku: 'X', quantity: 1, unitPrice: 4200 }] };
        const recent = { ...old, occurredAt: new Date(now.getTime() - DAY).toISOString() };
        for (const payload of [old, recent]) {
          const order = await app.inject({ method: 'POST', url: '/v1/orders', headers, payload });
          expect(order.statusCode, order.body).toBe(201);
        }
      } finally {
        await app.close();
      }
    });
    expect(memberIds).toHaveLength(2);
  });

  it('jobs run expire-points books the due lots, and a second run finds nothing', async () => {
    const first = await fidelis('jobs', 'run', 'expire-points');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ job: 'expire-points', members: 1 });
    const second = await fidelis('jobs', 'run', 'expire-points');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ job: 'expire-points', members: 0 });

    const [account] = await withDb((db) =>
      db.query<{ available: number; pending: number; lifetime_expired: number }>(
        'select available, pending, lifetime_expired from accounts where member_id = $1',
        [memberIds[0]],
      ),
    );
    expect(account).toEqual({ available: 0, pending: 42, lifetime_expired: 42 });

    const unknown = await fidelis('jobs', 'run', 'no-such-job');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown job no-such-job');
  });

  it('jobs list shows each interval as FIDELIS_JOB_INTERVALS sets it, and names a mistake in it', async () => {
    const listed = await runFidelis([...cli.args, 'jobs', 'list', '--json'], { ...cli.env, FIDELIS_JOB_INTERVALS: 'journeys=10m,member-scores=off' });
    expect(listed.code, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as { job: string; defaultEveryMs: number; everyMs: number }[];
    expect(rows.find((row) => row.job === 'journeys')).toEqual({ job: 'journeys', defaultEveryMs: 60_000, everyMs: 600_000 });
    expect(rows.find((row) => row.job === 'member-scores')).toMatchObject({ everyMs: 0 });
    expect(rows.find((row) => row.job === 'messages')).toEqual({ job: 'messages', defaultEveryMs: 15_000, everyMs: 15_000 });

    const wrong = await runFidelis([...cli.args, 'jobs', 'list'], { ...cli.env, FIDELIS_JOB_INTERVALS: 'journeys=often' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('FIDELIS_JOB_INTERVALS (jobIntervals.journeys): must be a duration such as 30s, 10m, 6h or 1d, or off');
  });

  it('analytics <metric> --json prints the API figures; bad options exit 1 with the reason', async () => {
    const overview = await fidelis('analytics', 'overview', '--from', new Date(Date.now() - 500 * DAY).toISOString().slice(0, 10), '--json');
    expect(overview.code, overview.stderr).toBe(0);
    expect(JSON.parse(overview.stdout)).toMatchObject({ currency: 'EUR', members: 2, overall: { buyers: 1, orders: 2, revenue: 8_400, repeatPurchaseRate: 1 } });
    const rfm = await fidelis('analytics', 'rfm', '--json');
    expect(JSON.parse(rfm.stdout).members).toBe(1);
    const versus = await fidelis('analytics', 'members-vs-non-members', '--from', new Date(Date.now() - 500 * DAY).toISOString().slice(0, 10), '--json');
    expect(versus.code, versus.stderr).toBe(0);
    expect(JSON.parse(versus.stdout).overall).toEqual({
      members: { orders: 2, revenue: 8_400, averageOrderValue: 4_200 },
      nonMembers: { orders: 0, revenue: 0, averageOrderValue: null },
      memberOrderShare: 1,
      memberRevenueShare: 1,
      averageOrderValueRatio: null,
    });
    const bad = await fidelis('analytics', 'cohorts', '--months', '99');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('months');
    expect((await fidelis('analytics', 'weather')).stderr).toContain('unknown metric weather');
  });

  it('ledger verify --json exits 0 on a consistent ledger and 1 once a cached figure is corrupted', async () => {
    const clean = await fidelis('ledger', 'verify', '--json');
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ members: 2, entries: 3, lots: 2, discrepancies: 0, problems: [] });

    await withDb((db) => db.query('update accounts set available = available + 7 where member_id = $1', [memberIds[1]]));

    const corrupt = await fidelis('ledger', 'verify', '--json');
    expect(corrupt.code).toBe(1);
    const report = JSON.parse(corrupt.stdout);
    expect(report.discrepancies).toBeGreaterThan(0);
    expect(report.problems).toContainEqual({ memberId: memberIds[1], check: 'available = Σ available lots − debt', expected: 0, actual: 7 });
    expect(report.problems.every((p: { memberId: string }) => p.memberId === memberIds[1])).toBe(true);
  });
});
