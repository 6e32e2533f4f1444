import { readFile } from 'node:fs/promises';
import type { Database } from './client.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Arbitrary constant: serializes concurrent `migrate` runs (several API replicas starting at once). */
const MIGRATION_LOCK_ID = 4_711_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Applies the drizzle-kit SQL migrations not yet applied, all in one transaction. Returns their tags. */
export async function migrate(db: Database): Promise<string[]> {
  const journal = JSON.parse(await readFile(new URL('meta/_journal.json', MIGRATIONS_DIR), 'utf8')) as Journal;
  const scripts = await Promise.all(
    journal.entries
      .sort((a, b) => a.idx - b.idx)
      .map(async ({ tag }) => ({ tag, statements: await migrationStatements(tag) })),
  );
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(
      'create table if not exists fidelis_migrations (tag text primary key, applied_at timestamptz not null default now())',
    );
    const applied = new Set((await tx.query<{ tag: string }>('select tag from fidelis_migrations')).map((r) => r.tag));
    const pending = scripts.filter(({ tag }) => !applied.has(tag));
    for (const { tag, statements } of pending) {
      for (const statement of statements) await tx.query(statement);
      await tx.query('insert into fidelis_migrations (tag) values ($1)', [tag]);
    }
    return pending.map(({ tag }) => tag);
  });
}

/**
 * One migration's statements, as `migrate` runs them. For scripts that must repeat a migration's
 * backfill after loading rows around the application (the benchmarks' SQL seeding), from the one source.
 */
export async function migrationStatements(tag: string): Promise<string[]> {
  const script = await readFile(new URL(`${tag}.sql`, MIGRATIONS_DIR), 'utf8');
  return script.split('--> statement-breakpoint').filter((statement) => statement.trim());
}
