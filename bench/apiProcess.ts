import { spawn } from 'node:child_process';
import net from 'node:net';

/** The account the bench signs in with: created (or reset) by the API at start (ADMIN_EMAIL). */
const BENCH_USER = { email: 'bench@conance.fr', password: 'bench-password-1' };

export interface ApiProcess {
  url: string;
  stop(): void;
}

/**
 * The API in its own process, started as `npm start` starts it: the compiled build (built first
 * when stale, which also builds the admin that the first-render measure opens), with no
 * TypeScript loader in the server, so that the load generator does not share its event loop.
 */
export async function startApiProcess(databaseUrl: string, redisUrl: string | undefined): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/launch.mjs', 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      RUN_WORKER: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: BENCH_USER.email,
      ADMIN_PASSWORD: BENCH_USER.password,
      REDIS_URL: redisUrl ?? '',
      IMPORT_MAX_FILE_MB: '500',
      IMPORT_MAX_ROWS: '5000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilHealthy(url, { exitCode: () => child.exitCode, timeoutMs: 180_000, what: 'the API' });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

/** A port nothing listens on now (the embedded databases' sockets take random ones too). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Polls `url`/api/health/ready every 25 ms until it answers 200 (the API serves requests; /api/health
 * also wants an import worker alive, which an API started with RUN_WORKER=false has not yet), and resolves to the milliseconds since
 * `started`; fails as soon as the process has exited, or at the deadline.
 */
export async function untilHealthy(url: string, options: { exitCode: () => number | null; timeoutMs: number; what: string; started?: number }): Promise<number> {
  const started = options.started ?? performance.now();
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.exitCode() !== null) throw new Error(`${options.what} exited with code ${options.exitCode()}`);
    if (
      await fetch(`${url}/api/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${options.what} did not become healthy in time`);
}

/** Signs the bench user in and answers its session cookie. */
export async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_USER) });
  if (!login.ok) throw new Error(`bench login failed: ${login.status}`);
  return login.headers.get('set-cookie')!.split(';')[0];
}
