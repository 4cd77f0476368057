import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureAdminBuilt } from './adminBuild';
import { ROOT, SERVER_DIST_DIR, buildState, withBuildLock, writeStamp } from './buildStamp.mjs';

/**
 * `npm run build`: the server, the worker and the command-line scripts compiled to plain
 * JavaScript in dist/ (esbuild), and the admin built by Vite into admin/dist. `npm start`
 * runs this in a child process when either is missing or stale, then runs dist/start.js.
 */
export const SERVER_ENTRIES = {
  start: 'scripts/start.ts',
  worker: 'worker/main.ts',
  migrate: 'scripts/migrate.ts',
  seed: 'scripts/seed.ts',
  'user-create': 'scripts/user-create.ts',
} as const;

export async function ensureServerBuilt({ force = false } = {}) {
  if (!force && buildState('server').fresh) return false;
  return withBuildLock('server', async () => {
    const { fresh, hash } = buildState('server');
    if (!force && fresh) return false;
    const started = performance.now();
    // Built beside dist/ and swapped in, so that a process starting meanwhile never reads half a build.
    const staging = `${SERVER_DIST_DIR}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    await build({
      absWorkingDir: ROOT,
      entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
      outdir: staging,
      bundle: true,
      // Dependencies stay in node_modules (production dependencies in the image); only our
      // own TypeScript is compiled. Native and WASM packages (argon2, PGlite) load as usual.
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Chunks, so that what the code imports dynamically (the statement readers, exceljs) loads
      // only when first used. Entries and chunks all sit in dist/, one level below the root as
      // the sources do: code that resolves paths from import.meta.url (the admin's dist in
      // api/server.ts) finds the same places.
      splitting: true,
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
    });
    const previous = `${SERVER_DIST_DIR}.previous-${process.pid}`;
    if (fs.existsSync(SERVER_DIST_DIR)) fs.renameSync(SERVER_DIST_DIR, previous);
    fs.renameSync(staging, SERVER_DIST_DIR);
    fs.rmSync(previous, { recursive: true, force: true });
    writeStamp('server', hash);
    console.log(`Server compiled to dist/ in ${Math.round(performance.now() - started)} ms`);
    return true;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const force = process.argv.includes('--force');
  await ensureServerBuilt({ force });
  if (!process.argv.includes('--server-only')) await ensureAdminBuilt({ force });
}
