// Runs once before the `postgres` project: a clear message beats 20 files of ECONNREFUSED.
import pg from 'pg';

export default async function checkPostgres(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `The postgres test project needs PostgreSQL at ${url} (a user that may create databases): ${(error as Error).message}. ` +
        'Start it, point TEST_DATABASE_URL at one, or run only the embedded suite with `npm run test:pglite`.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
