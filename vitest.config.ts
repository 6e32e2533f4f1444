import { defineConfig } from 'vitest/config';

// The suite runs twice: on embedded PGlite and on a real PostgreSQL (TEST_DATABASE_URL).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
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
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          env: { FIDELIS_TEST_BACKEND: 'postgres' },
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
    ],
  },
});
