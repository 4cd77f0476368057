// Plain JavaScript: bundled into dist/start.js, and it must not need a TypeScript loader there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, buildState, hasSources } from './buildStamp.mjs';

/**
 * Builds the admin, when it is missing or older than its sources in a checkout, in a child
 * process (Vite holds hundreds of MB this long-running process would otherwise keep), started
 * at once so that it runs while the server creates and fills its database. Resolves to
 * 'fresh' (nothing to build, or no sources: the production image), 'built' or 'failed'.
 */
export function startAdminBuild() {
  if (!hasSources() || buildState('admin').fresh) return Promise.resolve('fresh');
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'tsx', 'package.json'))) {
    console.error('The admin build is missing or stale, and the build tools are not installed: run `npm install` (with dev dependencies), or `npm run build` where they are.');
    return Promise.resolve('failed');
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'adminBuild.ts')], { cwd: ROOT, stdio: 'inherit' });
  // A server stopped during the build stops the build too.
  const stop = () => child.kill();
  process.once('exit', stop);
  return new Promise((resolve) => {
    child.once('error', () => resolve('failed'));
    child.once('exit', (code) => {
      process.off('exit', stop);
      resolve(code === 0 ? 'built' : 'failed');
    });
  });
}
