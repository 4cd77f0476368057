import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { testServices } from '../support/testServices';

/**
 * `npm run seed` run again on a database that has the demo data says so and exits 0, on a
 * DATABASE_URL server and on the embedded default alike: the script itself, in its own process.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function seed(env: Record<string, string>) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/seed.ts')], {
      cwd: ROOT,
      env: { ...inherited, LOG_LEVEL: 'silent', ...env },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (failure) {
    const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

async function seedTwice(env: Record<string, string>) {
  const first = await seed(env);
  expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
  expect(first.stdout).toMatch(/^Demo data added: .*clients\W+200\b/);
  const second = await seed(env);
  expect(second).toEqual({ code: 0, stderr: '', stdout: 'The demo data is already there (demo clients CL010001 to CL010200): nothing was added.\n' });
}

describe('npm run seed, twice', { timeout: 400_000 }, () => {
  let db: TestDatabase | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-seed-'));
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.runIf(testServices.postgresAdminUrl)('on PostgreSQL (DATABASE_URL)', async () => {
    db = await createTestDatabase();
    await seedTwice({ DATABASE_URL: db.url });
    expect(Number((await db.knex('clients').count({ n: '*' }))[0].n)).toBe(200);
  });

  it('on the embedded default (PGlite under DATA_DIR)', async () => {
    await seedTwice({ DATA_DIR: dataDir });
  });
});
