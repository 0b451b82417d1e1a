import { defineConfig } from 'vitest/config';
import { TEST_WORKERS } from './tests/support/test-env.js';

export default defineConfig({
  resolve: {
    // One copy of graphql: type-graphql and Apollo must share the same realm.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-env.ts'],
    // Files run in parallel, TEST_WORKERS at a time (default 2, the machine's cores); each worker runs its files one
    // at a time on a database and a Redis database of its own (tests/support/test-env.ts).
    pool: 'forks',
    maxWorkers: TEST_WORKERS,
    // Deadlines for a busy machine, not a quiet one: a test that passes in 2 s alone can take 40 s at a load average of
    // 15 on 2 cores. A test's own waits are on conditions, with deadlines of their own inside these.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
