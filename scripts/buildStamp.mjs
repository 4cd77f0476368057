// Plain JavaScript on purpose: `npm start` reads this before anything is compiled, and the
// production process must not need a TypeScript loader.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_DIST_DIR = path.join(ROOT, 'dist');
export const ADMIN_DIST_DIR = path.join(ROOT, 'admin', 'dist');

/** What each build is made from: a change to any of these files makes the build stale. */
const INPUTS = {
  server: ['api', 'statements', 'worker', 'migrations', 'shared', 'scripts', 'package-lock.json', 'tsconfig.json'],
  // patches/: fixes carried to dependencies the admin bundles (patch-package).
  admin: ['admin/src', 'shared', 'admin/index.html', 'admin/vite.config.ts', 'admin/public', 'package-lock.json', 'patches'],
};
const STAMPS = {
  server: path.join(SERVER_DIST_DIR, '.source-hash'),
  admin: path.join(ADMIN_DIST_DIR, '.source-hash'),
};

/** True in a checkout; false in the production image, which holds the compiled output only. */
export function hasSources() {
  return fs.existsSync(path.join(ROOT, 'api', 'server.ts'));
}

/** SHA-256 of the build's inputs, file names included (a rename is a change). */
export function sourceHash(kind) {
  const hash = crypto.createHash('sha256');
  const visit = (file) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) visit(path.join(file, entry));
    } else {
      hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
    }
  };
  for (const input of INPUTS[kind]) visit(path.join(ROOT, input));
  return hash.digest('hex');
}

/** Whether the build of `kind` ('server' or 'admin') matches its sources, and their hash. */
export function buildState(kind) {
  const hash = sourceHash(kind);
  const stamp = fs.existsSync(STAMPS[kind]) ? fs.readFileSync(STAMPS[kind], 'utf8') : undefined;
  return { fresh: stamp === hash, hash };
}

export function writeStamp(kind, hash) {
  fs.writeFileSync(STAMPS[kind], hash);
}

/**
 * One build at a time across processes (a test run, the app and the benchmark may start
 * together): a directory is created atomically; one left by a killed build expires.
 */
export async function withBuildLock(name, work) {
  const lockDir = path.join(ROOT, `.build-lock-${name}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() > deadline) fs.rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
