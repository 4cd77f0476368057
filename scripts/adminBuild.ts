import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_DIR = path.join(ROOT, 'admin');
const DIST_DIR = path.join(ADMIN_DIR, 'dist');
const STAMP_FILE = path.join(DIST_DIR, '.source-hash');

/** Hash of everything the admin build depends on: unchanged sources, no rebuild at start. */
function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  const visit = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) visit(path.join(file, entry));
    } else {
      hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
    }
  };
  for (const input of ['admin/src', 'shared', 'admin/index.html', 'admin/vite.config.ts', 'admin/public', 'package-lock.json']) visit(path.join(ROOT, input));
  return hash.digest('hex');
}

const LOCK_DIR = path.join(ADMIN_DIR, '.build-lock');

/** Builds the admin with Vite when its sources changed since the last build. */
export async function ensureAdminBuilt({ force = false } = {}) {
  if (!fs.existsSync(path.join(ADMIN_DIR, 'index.html'))) return;
  const hash = sourceHash();
  const upToDate = () => fs.existsSync(STAMP_FILE) && fs.readFileSync(STAMP_FILE, 'utf8') === hash;
  if (!force && upToDate()) return;
  // Processes starting together (a test run, the app, the benchmark) build once, one at a time.
  await withBuildLock(async () => {
    if (!force && upToDate()) return;
    console.log('Building the admin (first start or sources changed)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(ADMIN_DIR, 'vite.config.ts'), logLevel: 'warn' });
    fs.writeFileSync(STAMP_FILE, hash);
  });
}

async function withBuildLock(work: () => Promise<void>) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR); // atomic: only one process creates it
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || Date.now() > deadline) fs.rmSync(LOCK_DIR, { recursive: true, force: true }); // left by a killed build
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await ensureAdminBuilt({ force: process.argv.includes('--force') });
}
