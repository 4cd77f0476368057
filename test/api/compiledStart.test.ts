import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/**
 * `NODE_ENV=production npm start` as an operator runs it: scripts/launch.mjs brings the
 * compiled build up to date (in a child process) and the server that answers is plain
 * JavaScript from dist/, with no TypeScript loader in its process.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let db: TestDatabase;
let server: ChildProcess | undefined;
let port: number;
let stderr = '';

beforeAll(async () => {
  db = await createTestDatabase();
  port = await freePort();
  server = spawn(process.execPath, ['scripts/launch.mjs', 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      RUN_WORKER: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Bounded by the hook's timeout: a first build of the admin may take a minute on a busy machine.
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}): ${stderr}`);
    if (
      await fetch(`http://127.0.0.1:${port}/api/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 240_000);
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  await db?.close();
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

describe('NODE_ENV=production npm start', () => {
  it('serves the API and the admin from the compiled build, with no TypeScript loader in the process', async () => {
    const pid = server!.pid!;
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline).toEqual([process.execPath, 'scripts/launch.mjs', 'start']);
    const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    expect(environment).not.toMatch(/tsx|--import|--require|--loader/);
    // The one process answering is the server: launch.mjs runs dist/start.js inside itself.
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    expect(children).toBe('');
    expect(fs.existsSync(path.join(ROOT, 'dist/start.js'))).toBe(true);

    // RUN_WORKER=false and no worker started: health says that nothing will run imports.
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded', database: 'ok', queue: 'ok', workers: 'unavailable', importWorkers: { alive: 0, queued: 0 } });
    expect((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('stops gracefully on SIGTERM', async () => {
    server!.kill('SIGTERM');
    const code = await new Promise((resolve) => server!.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  });
});
