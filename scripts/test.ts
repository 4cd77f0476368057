import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reachable } from './reachable';

/**
 * `npm test`: finds the real PostgreSQL and Redis servers (TEST_DATABASE_URL / REDIS_URL, or
 * the defaults on 127.0.0.1), runs the whole vitest suite against them, and says plainly what
 * it could not cover when one is missing. On CI every server must be there: nothing is skipped.
 * The whole suite starts with the lint (`npm run lint`); a run of chosen files does not.
 */
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const onCi = Boolean(process.env.CI);

if (process.argv.length <= 2) {
  console.log('Lint: eslint and prettier --check over the whole tree…');
  const lint = spawnSync('npm', ['run', '--silent', 'lint'], { stdio: 'inherit' });
  if (lint.status !== 0) {
    console.error('Lint failed (npm run format fixes the layout): no test was run.');
    process.exit(1);
  }
}

const [hasPostgres, hasRedis] = await Promise.all([reachable(postgresUrl), reachable(redisUrl)]);
// Databases created by this run are named after it: parallel runs on one server stay apart.
const env: NodeJS.ProcessEnv = { ...process.env, TEST_RUN_ID: process.env.TEST_RUN_ID ?? `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}` };
const missing: string[] = [];
if (hasPostgres) env.TEST_PG_ADMIN_URL = postgresUrl;
else missing.push(`PostgreSQL (${postgresUrl}): the API, import and queue tests run on embedded PGlite instead; the benchmark smoke test and the Imports page browser test do not run`);
if (hasRedis) env.TEST_REDIS_URL = redisUrl;
else missing.push(`Redis (${redisUrl}): the queue tests run on BullMQ's PostgreSQL backend only`);

if (missing.length) {
  console.warn(`\n⚠ Not covered in this run:\n  - ${missing.join('\n  - ')}\n`);
  if (onCi) {
    console.error('CI must run against the real servers: failing.');
    process.exit(1);
  }
}

const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conance-test-')), 'report.json');
const vitest = spawn(
  process.execPath,
  [
    path.resolve('node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=./test/support/skipReport.ts',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) => vitest.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));

// One plain closing line that any CI can read.
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  console.log(`\n${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + (report.numTodoTests ?? 0)} skipped`);
  if (missing.length) console.warn(`(without: ${missing.map((m) => m.split(' (')[0]).join(', ')})`);
  if (report.numTotalTests === 0) process.exit(1);
}
process.exit(code);
