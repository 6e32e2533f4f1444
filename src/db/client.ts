import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.js';
import { copyFrom } from './copy.js';

export type Row = Record<string, unknown>;

/** The one handle services take: a pool, a PGlite instance or an open transaction. */
export interface Sql {
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * PostgreSQL transactions only: runs a `COPY ... FROM STDIN` with `data` (COPY's text format, UTF-8)
   * as its data, for bulk loads; resolves to the rows copied.
   */
  copyFrom?(statement: string, data: Buffer): Promise<number>;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; retried on serialization failure or deadlock. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  /** Embedded only: the whole data directory as a tarball, to be opened elsewhere with `openEmbeddedFromDump`. */
  dumpDataDir?(): Promise<Blob>;
}

const INT8_OID = 20;
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_TRANSACTION_ATTEMPTS = 4;

/** int8 arrives as text; points and money fit in a JS number only up to 2^53, so refuse anything past it. */
function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
}

export function createDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'memory' | 'poolSize'>): Database {
  if (config.databaseUrl) return createPostgres(config.databaseUrl, config.poolSize);
  return createPglite(config.memory ? undefined : config.dataDir);
}

/**
 * Statements with parameters run as named prepared statements: our hot statements (balance, the
 * one-statement order) cost more to plan than to execute, and preparing once per connection measured
 * ~3.8× the throughput on the balance query. The set of statement texts is fixed by the code (values
 * are always parameters), so the per-connection statement cache stays small.
 */
const statementNames = new Map<string, string>();
function preparedQuery(text: string, params: readonly unknown[] | undefined): pg.QueryConfig {
  if (!params || params.length === 0) return { text };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `fid_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return { name, text, values: params as unknown[] };
}

function createPostgres(connectionString: string, max: number): Database {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max, types });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await pool.query(preparedQuery(text, params));
      return result.rows as R[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        const tx: Sql = {
          query: async <R>(text: string, params?: readonly unknown[]) =>
            (await client.query(preparedQuery(text, params))).rows as R[],
          copyFrom: (statement, data) => copyFrom(client, statement, data),
        };
        try {
          await client.query('BEGIN');
          const result = await fn(tx);
          await client.query('COMMIT');
          client.release();
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          client.release();
          if (attempt < MAX_TRANSACTION_ATTEMPTS && RETRYABLE_SQLSTATES.has(sqlState(error) ?? '')) continue;
          throw error;
        }
      }
    },
    async exec(script: string) {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}

/** Creates an embedded database at `dataDir` from a `dumpDataDir()` tarball (the directory must not exist yet). */
export function openEmbeddedFromDump(dataDir: string, dump: Blob): Database {
  return createPglite(dataDir, dump);
}

function createPglite(dataDir: string | undefined, loadDataDir?: Blob): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded on first use: a CLI command against PostgreSQL should not pay for the embedded engine.
  let opened: Promise<PGlite> | undefined;
  const open = () =>
    (opened ??= import('@electric-sql/pglite').then(
      ({ PGlite }) => new PGlite(dataDir, { parsers: { [INT8_OID]: parseInt8 }, ...(loadDataDir ? { loadDataDir } : {}) }),
    ));
  // A database made from a dump is written out when it opens, even if nobody queries it before close().
  if (loadDataDir) open().catch(() => undefined);
  return {
    kind: 'pglite',
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await (await open()).query<R>(text, params as unknown[] | undefined);
      return result.rows;
    },
    // PGlite has one connection, so transactions are serialized and never conflict.
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      return (await open()).transaction((tx) =>
        fn({
          query: async <R>(text: string, params?: readonly unknown[]) =>
            (await tx.query<R>(text, params as unknown[] | undefined)).rows,
        }),
      );
    },
    async exec(script: string) {
      await (await open()).exec(script);
    },
    async close() {
      if (opened) await (await opened).close();
    },
    dumpDataDir: async () => (await open()).dumpDataDir('none'),
  };
}

/** SQLSTATE of a database error from either driver, if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Name of the constraint a database error violated, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const name = (error as { constraint: unknown }).constraint;
    if (typeof name === 'string') return name;
  }
  return undefined;
}
