import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../api/config';
import { ADMIN_DIST_DIR, startServer } from '../api/server';
import { startAdminBuild } from './adminBuildChild.mjs';

/**
 * The server process of `npm start`, compiled to dist/start.js. The server is built before, in
 * a child process of scripts/launch.mjs; the admin in a child process of this one, while the
 * database starts, so that none of the compilers' memory stays in this long-running process.
 */
const config = loadConfig();
const running = await startServer(config, { adminBuild: startAdminBuild() });
// A broken admin build must not take the API (and the imports) down with it.
if (!fs.existsSync(path.join(ADMIN_DIST_DIR, 'index.html'))) running.logger.error('the admin is not built (npm run build): only the API is served');

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
