import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A real PostgreSQL server for the tests that run against both engines (test/support/engines.ts).
    globalSetup: ['test/support/postgres-global-setup.ts'],
    env: { PARLEY_LOG_LEVEL: 'silent' },
  },
});
