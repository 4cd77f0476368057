// Plain JavaScript: `npm install` runs it (scripts/postinstall.mjs) before anything is
// compiled, and it is bundled into dist/start.js, which must not need a TypeScript loader.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A freshly initialised PGlite cluster, kept in the user's cache: a new embedded database is a
 * copy of it (a fraction of a second) instead of an initdb (8 to 20 s of WASM on this product's
 * machines). `npm install` makes it (postinstall); a start that finds none makes it then. One
 * per PGlite version: settings such as shared_buffers are given at each open, not by initdb. A
 * cache that cannot be written only means initdb at each first start.
 */
const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
/** Written last: a template without it was cut short and is never copied. */
const COMPLETE = '.conance-template-complete';

export function templateDir() {
  const pglite = require.resolve('@electric-sql/pglite');
  const { version } = JSON.parse(require('node:fs').readFileSync(path.join(path.dirname(pglite), '..', 'package.json'), 'utf8'));
  const cacheRoot = process.env.CONANCE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'conance');
  return path.join(cacheRoot, `pglite-${version}-cluster`);
}

/**
 * initdb in a short child process: PGlite runs it in a WASM instance of its own, about 0.3 GB
 * that a long-running process would keep after it ends (freed WASM memory is not given back).
 */
export async function initdbOutOfProcess(dataDir, startParams) {
  const script = `require(process.argv[1]).PGlite.create({ dataDir: process.argv[2], startParams: JSON.parse(process.argv[3]) })
    .then((db) => db.close())
    .catch((error) => { console.error(error); process.exit(1); });`;
  try {
    await execFileAsync(process.execPath, ['-e', script, require.resolve('@electric-sql/pglite'), dataDir, JSON.stringify(startParams)], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = error.stderr?.trim();
    throw new Error(`could not create the embedded database in ${dataDir}${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

const exists = (file) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** The template's directory, made first when missing; undefined when the cache cannot hold one. */
export async function ensureTemplate(startParams) {
  const dir = templateDir();
  if (await exists(path.join(dir, COMPLETE))) return dir;
  // Built beside its place and renamed in: two installs or starts at once never share a half.
  const staging = `${dir}.staging-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  try {
    await fs.mkdir(staging, { recursive: true });
    await initdbOutOfProcess(staging, startParams);
    await fs.writeFile(path.join(staging, COMPLETE), new Date().toISOString());
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(staging, dir).catch(async (error) => {
      if (!(await exists(path.join(dir, COMPLETE)))) throw error;
    });
    return dir;
  } catch {
    return undefined;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Fills the new, empty `dataDir` from the template: false when there is none to copy. */
export async function copyTemplate(template, dataDir) {
  if (!template || !(await exists(path.join(template, COMPLETE)))) return false;
  await fs.cp(template, dataDir, { recursive: true, filter: (source) => path.basename(source) !== COMPLETE });
  return true;
}
