import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsServers, testServices } from '../support/testServices';

/**
 * `npm run bench -- --smoke` (every measure at toy sizes): it runs to the end against the real
 * servers and prints its table. Timings are never asserted here (they belong to BENCHMARKS.md).
 */
const serverUrl = testServices.postgresAdminUrl;

describe('npm run bench -- --smoke', needsServers('postgres'), () => {
  it('runs and prints its table', { timeout: 300_000 }, async () => {
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conance-bench-')), 'BENCHMARKS.md');
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--output', output], {
      env: { ...process.env, BENCH_DATABASE_URL: serverUrl, REDIS_URL: testServices.redisUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (chunk) => (printed += chunk));
    child.stderr.on('data', (chunk) => (printed += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, printed.slice(-2000)).toBe(0);
    expect(printed).toContain('| Measure | Result | Floor | Ratio | Target | Met |');
    const table = fs.readFileSync(output, 'utf8');
    for (const measure of ['Import of 2,000 rows', 'Naive baseline', 'Search: name fragment', 'List: advisor filter', 'Atomic bulk delete', 'First render']) {
      expect(table).toContain(measure);
    }
  });
});
