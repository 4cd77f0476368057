import { loadConfig } from '../api/config';
import { startServer } from '../api/server';
import { ensureAdminBuilt } from './adminBuild';

const config = loadConfig();
await ensureAdminBuilt();
const running = await startServer(config);

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
