import { defineConfig } from 'vitest/config';

// Pure unit tests (src/**, and the web app's pure parts in web/src/**) run once; the integration suite
// (test/**) runs twice: on embedded PGlite and on a real PostgreSQL (TEST_DATABASE_URL), each file in
// its own fresh database.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI machine. Most of
    // an integration file's time is spent waiting on PostgreSQL, a child process or the browser, so a
    // few more workers than cores keep both cores busy.
    maxWorkers: Number(process.env.FIDELIS_TEST_WORKERS ?? 3),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          // A crash test kills a worker process beside the API; an embedded database belongs to one process.
          // COPY FROM STDIN exists only over PostgreSQL's wire protocol.
          exclude: ['test/*-crash.test.ts', 'test/import-copy.test.ts'],
          env: { FIDELIS_TEST_BACKEND: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          env: { FIDELIS_TEST_BACKEND: 'postgres' },
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
    ],
  },
});
