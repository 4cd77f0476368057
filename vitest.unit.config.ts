import { defineConfig } from 'vitest/config';

/**
 * The unit tests alone (pure functions: no database, queue or browser), for the mutation
 * testing run (`npm run mutation`, stryker.config.mjs), which runs them once per mutant.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30_000,
    environment: 'node',
  },
});
