// Shared by tests that need a real child process or a real row lock held from outside the app.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../bin/fidelis.js', import.meta.url));

/** Runs the `fidelis` CLI as an operator would, with exactly `env`, and collects its output. */
export function runFidelis(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return runScript(BIN, args, env);
}

/** Runs a Node script (`node <script> ...args`) with exactly `env`, and collects its output. */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Holds a row lock (`lockStatement`, e.g. `select 1 from accounts where member_id = $1 for update`) in
 * another connection, starts `burst`, waits until `waiters` sessions are blocked on a lock, then lets go:
 * proof that the requests really raced for the same row rather than happening to run one by one.
 */
export async function withRowLockHeld<T>(databaseUrl: string | undefined, lockStatement: string, params: unknown[], waiters: number, burst: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: databaseUrl });
  const observer = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  await observer.connect();
  try {
    await holder.query('begin');
    await holder.query(lockStatement, params);
    const result = burst();
    const deadline = Date.now() + 20_000;
    let blocked = 0;
    while (blocked < waiters && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = (
        await observer.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        )
      ).rows;
      blocked = Number(row!.n);
    }
    await holder.query('commit');
    expect(blocked, 'requests blocked on the held lock at once').toBeGreaterThanOrEqual(waiters);
    return await result;
  } finally {
    await holder.end();
    await observer.end();
  }
}
