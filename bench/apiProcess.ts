import { spawn } from 'node:child_process';

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
  const port = 20000 + Math.floor(Math.random() * 20000);
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
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the API did not become healthy in time');
}

/** Signs the bench user in and answers its session cookie. */
export async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_USER) });
  if (!login.ok) throw new Error(`bench login failed: ${login.status}`);
  return login.headers.get('set-cookie')!.split(';')[0];
}
