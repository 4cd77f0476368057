import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './test/support/heavyFirstSequencer';

// Databases and queue prefixes are named after the run: `npx vitest` runs side by side on one
// server (npm test sets its own id) must not drop each other's databases.
process.env.TEST_RUN_ID ??= `v${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/globalSetup.ts'],
    // Each file gets its own database (or its own embedded PGlite) and Redis prefix: files run in parallel.
    pool: 'forks',
    maxWorkers: 2,
    // The browser and benchmark files first when no earlier run says how long each takes.
    sequence: { sequencer: HeavyFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    environment: 'node',
    // What did not run, and why, one line per file (test/support/skipReport.ts).
    reporters: ['default', './test/support/skipReport.ts'],
  },
});
