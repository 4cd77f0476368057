import { loadConfig } from '../api/config';
import { startServer } from '../api/server';
import { ensureAdminBuilt } from './adminBuild';

const config = loadConfig();
// A broken admin build must not take the API (and the imports) down with it.
const adminBuildError = await ensureAdminBuilt().then(
  () => undefined,
  (error: Error) => error,
);
const running = await startServer(config);
if (adminBuildError) running.logger.error({ err: adminBuildError }, 'the admin could not be built: only the API is served');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, 'shutting down');
    // Do not wait forever on a stuck connection or job.
    setTimeout(() => process.exit(1), 30_000).unref();
    await running.close();
    process.exit(0);
  });
}
