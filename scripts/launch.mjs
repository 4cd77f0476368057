// `npm start` (and `npm run worker`, `migrate`, `seed`, `user:create`): runs the compiled
// JavaScript in dist/, building it first in a child process when it is missing or older than
// the sources, so that a fresh clone needs only `npm install && npm start`. The admin is built
// by the server itself, in a child process that runs while the database starts
// (scripts/adminBuildChild.mjs). Plain JavaScript: no TypeScript loader is ever loaded into
// the running process.
//
//   node scripts/launch.mjs [start|worker|migrate|seed|user-create] [arguments...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SERVER_DIST_DIR, buildState, hasSources } from './buildStamp.mjs';

const ENTRIES = new Set(['start', 'worker', 'migrate', 'seed', 'user-create']);
const entry = ENTRIES.has(process.argv[2]) ? process.argv.splice(2, 1)[0] : 'start';
const compiled = path.join(SERVER_DIST_DIR, `${entry}.js`);

// The production image holds dist/ without the sources: nothing to check or build there.
if (hasSources()) {
  if (!buildState('server').fresh || !fs.existsSync(compiled)) {
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'package.json');
    if (!fs.existsSync(tsx)) {
      console.error('The server build is missing or stale, and the build tools are not installed: run `npm install` (with dev dependencies), or `npm run build` where they are.');
      if (!fs.existsSync(compiled)) process.exit(1);
    } else {
      // In a child process: esbuild holds memory the server would otherwise keep.
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build.ts'), '--server-only'], { cwd: ROOT, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error('The build failed: see above.');
        process.exit(result.status ?? 1);
      }
    }
  }
}

// Stack traces point at the TypeScript sources (dist/*.js.map) rather than the bundle.
process.setSourceMapsEnabled(true);
process.argv[1] = compiled;
await import(pathToFileURL(compiled).href);
