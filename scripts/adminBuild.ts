import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_DIST_DIR, ROOT, buildState, withBuildLock, writeStamp } from './buildStamp.mjs';

const ADMIN_DIR = path.join(ROOT, 'admin');

/** Builds the admin with Vite when its sources changed since the last build (hash stamp). */
export async function ensureAdminBuilt({ force = false } = {}) {
  if (!fs.existsSync(path.join(ADMIN_DIR, 'index.html'))) return;
  if (!force && buildState('admin').fresh) return;
  // Processes starting together (a test run, the app, the benchmark) build once, one at a time.
  await withBuildLock('admin', async () => {
    const { fresh, hash } = buildState('admin');
    if (!force && fresh) return;
    console.log('Building the admin (first start or sources changed)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(ADMIN_DIR, 'vite.config.ts'), logLevel: 'warn' });
    fs.mkdirSync(ADMIN_DIST_DIR, { recursive: true });
    writeStamp('admin', hash);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await ensureAdminBuilt({ force: process.argv.includes('--force') });
}
