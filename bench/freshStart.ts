import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, untilHealthy } from './apiProcess';
import { median } from './latency';
import { processTree, type TreeProcess } from './processTree';

/**
 * `npm start` on the embedded default of a fresh clone: what a firm trying the
 * product runs. A first start (no data directory and no build: the start builds the server
 * and the admin in a child process, creates both PGlite databases and loads the demo data),
 * then a restart on the data it left (DATA_DIR unset: ./data in the clone). Nothing is set but
 * the port and the host.
 */
export interface FreshSample {
  healthyMs: number;
  /** First starts: what `npm install` adds for this start (its postinstall step), run just before; 0 when the commit has none. */
  installStepMs: number;
  /** VmRSS at rest, summed over npm's process tree (npm, its shell, the server). */
  treeRssMiB: number;
  serverRssMiB: number;
  /** The server process's VmHWM: its peak over its whole life, the start included. */
  serverPeakMiB: number;
  /** The largest sum of the other processes seen during the start: npm, the build and its children. */
  othersPeakMiB: number;
  processes: number;
  /** Each process of the tree at rest: "npm 60, sh 1, node 300" (MiB). */
  breakdown: string;
}

export interface FreshResults {
  commit: string;
  /** When, and the machine's load averages (1, 5, 15 min) before the first start and after the last. */
  measuredAt: string;
  load: { before: number[]; after: number[] };
  first: FreshSample[];
  restart: FreshSample[];
}

/** The targets of a fresh clone's `npm start`: memory in MB as stated, in MiB as the tables report it. */
export const FRESH_TARGETS = { firstStartSeconds: 20, restartSeconds: 5, restMiB: 300e6 / 2 ** 20 };
const FRESH_TARGET_MIB = FRESH_TARGETS.restMiB;

export async function freshCloneStarts(options: { root: string; runs: number; restSeconds: number; ref?: string; log(message: string): void }): Promise<FreshResults> {
  const { root, runs, restSeconds, log } = options;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-fresh-'));
  const clone = path.join(workDir, 'clone');
  try {
    // The committed sources, as `git clone` gives them; the installed packages are linked
    // rather than installed again (the same versions: package-lock.json is committed).
    const cloned = spawnSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' });
    if (cloned.status !== 0) throw new Error('git clone failed');
    // An earlier commit, to measure a change against what it replaced.
    if (options.ref && spawnSync('git', ['checkout', '--quiet', options.ref], { cwd: clone, stdio: 'inherit' }).status !== 0) throw new Error(`git checkout ${options.ref} failed`);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).stdout.trim();
    const results: FreshResults = { commit, measuredAt: new Date().toISOString().slice(0, 16).replace('T', ' '), load: { before: os.loadavg(), after: [] }, first: [], restart: [] };
    const target = (value: number, limit: number, unit: string) => `${value.toFixed(unit === 's' ? 1 : 0)} ${unit} (target ≤ ${limit.toFixed(0)} ${unit}: ${value <= limit ? 'met' : 'missed'})`;
    for (let run = 1; run <= runs; run++) {
      for (const generated of ['dist', 'admin/dist', 'data']) fs.rmSync(path.join(clone, generated), { recursive: true, force: true });
      // The user's cache as on a machine that never installed the product: no cluster template.
      const cacheDir = path.join(workDir, `cache-${run}`);
      const installStepMs = runInstallStep(clone, cacheDir);
      const first = { ...(await measureNpmStart(clone, restSeconds, cacheDir)), installStepMs };
      log(
        `fresh clone, first start #${run}: healthy in ${target(first.healthyMs / 1000, FRESH_TARGETS.firstStartSeconds, 's')} after an install step of ${(installStepMs / 1000).toFixed(1)} s; at rest server ${target(first.serverRssMiB, FRESH_TARGET_MIB, 'MiB')}, tree ${target(first.treeRssMiB, FRESH_TARGET_MIB, 'MiB')} (server's peak ${first.serverPeakMiB.toFixed(0)}; build and npm peak ${first.othersPeakMiB.toFixed(0)}; at rest ${first.breakdown})`,
      );
      results.first.push(first);
      const restart = { ...(await measureNpmStart(clone, restSeconds, cacheDir)), installStepMs: 0 };
      log(
        `fresh clone, restart #${run}: healthy in ${target(restart.healthyMs / 1000, FRESH_TARGETS.restartSeconds, 's')}; at rest server ${target(restart.serverRssMiB, FRESH_TARGET_MIB, 'MiB')}, tree ${target(restart.treeRssMiB, FRESH_TARGET_MIB, 'MiB')} (server's peak ${restart.serverPeakMiB.toFixed(0)}; ${restart.breakdown})`,
      );
      results.restart.push(restart);
    }
    results.load.after = os.loadavg();
    return results;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * What `npm install` runs for the start beyond patch-package (the clone's node_modules are
 * linked, so npm does not run it here): scripts/postinstall.mjs when the commit has one. Timed.
 */
function runInstallStep(clone: string, cacheDir: string) {
  const script = path.join(clone, 'scripts', 'postinstall.mjs');
  if (!fs.existsSync(script)) return 0;
  const started = performance.now();
  const result = spawnSync(process.execPath, [script], { cwd: clone, env: { ...process.env, CONANCE_CACHE_DIR: cacheDir }, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the install step failed');
  return performance.now() - started;
}

async function measureNpmStart(cwd: string, restSeconds: number, cacheDir: string): Promise<Omit<FreshSample, 'installStepMs'>> {
  const port = await freePort();
  const started = performance.now();
  // Nothing set but the address: none of the settings the bench itself may run with.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONANCE_CACHE_DIR: cacheDir };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'NODE_ENV', 'LOG_LEVEL', 'SEED_DEMO', 'RUN_WORKER', 'WORKER_CONCURRENCY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[key];
  // Its own process group, so that the whole tree stops with it.
  const child = spawn('npm', ['start'], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  // The node process that runs scripts/launch.mjs, not the shell npm runs it through.
  const serverOf = (tree: TreeProcess[]) => tree.filter((p) => p.cmdline.includes('scripts/launch.mjs') && !/^(\/bin\/)?sh /.test(p.cmdline)).at(-1);
  let othersPeakKiB = 0;
  const sampler = setInterval(() => {
    try {
      const tree = processTree(child.pid!);
      const server = serverOf(tree);
      othersPeakKiB = Math.max(
        othersPeakKiB,
        tree.filter((p) => p !== server).reduce((sum, p) => sum + p.rssKiB, 0),
      );
    } catch {
      // a process of the tree ended while it was read
    }
  }, 250);
  try {
    const healthyMs = await untilHealthy(`http://127.0.0.1:${port}`, {
      exitCode: () => child.exitCode,
      started,
      what: `npm start (pid ${child.pid})`,
      // A first start builds the admin: minutes on a busy 2-core machine.
      timeoutMs: 900_000,
    });
    await new Promise((resolve) => setTimeout(resolve, restSeconds * 1000));
    clearInterval(sampler);
    const tree = processTree(child.pid!);
    const server = serverOf(tree);
    if (!server) throw new Error('no server process in the tree of npm start');
    const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
    return {
      healthyMs,
      treeRssMiB: tree.reduce((sum, p) => sum + p.rssKiB, 0) / 1024,
      serverRssMiB: server.rssKiB / 1024,
      serverPeakMiB: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
      othersPeakMiB: othersPeakKiB / 1024,
      processes: tree.length,
      breakdown: tree.map((p) => `${path.basename(p.cmdline.split(' ')[0])} ${(p.rssKiB / 1024).toFixed(0)}`).join(', '),
    };
  } finally {
    clearInterval(sampler);
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    // npm may exit before its child: wait for the server to release the data directory.
    await untilGroupGone(child.pid!);
  }
}

async function untilGroupGone(pgid: number) {
  for (let i = 0; i < 400; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(-pgid, 'SIGKILL');
}

export function renderFreshReport(results: FreshResults, restSeconds: number) {
  const fmt = (values: number[], unit: string, digits = 0) => `${median(values).toFixed(digits)} ${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const verdict = (values: number[], limit: number) => (Math.max(...values) <= limit ? 'met' : median(values) <= limit ? 'met by the median only' : 'missed');
  const row = (label: string, samples: FreshSample[], seconds: number) => {
    const healthy = samples.map((s) => s.healthyMs / 1000);
    const server = samples.map((s) => s.serverRssMiB);
    const tree = samples.map((s) => s.treeRssMiB);
    return `| ${label} | ${fmt(healthy, 's', 1)} | ≤ ${seconds} s: ${verdict(healthy, seconds)} | ${fmt(server, 'MiB')} | ≤ 300 MB (${FRESH_TARGET_MIB.toFixed(0)} MiB): ${verdict(server, FRESH_TARGET_MIB)} | ${fmt(tree, 'MiB')} | ${verdict(tree, FRESH_TARGET_MIB)} | ${fmt(
      samples.map((s) => s.serverPeakMiB),
      'MiB',
    )} | ${fmt(
      samples.map((s) => s.othersPeakMiB),
      'MiB',
    )} |`;
  };
  const install = results.first.map((s) => s.installStepMs / 1000);
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  return [
    '### `npm start` on the embedded default of a fresh clone',
    '',
    `Measured ${results.measuredAt} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load averages (1, 5, 15 min) ${load(results.load.before)} before the first start, ${load(results.load.after)} after the last (the cores are shared with other runs).`,
    '',
    `\`npm start\` itself, with nothing set but the port and the host, in a \`git clone\` of commit ${results.commit} (its node_modules linked to this checkout's), embedded default: PGlite, BullMQ's PostgreSQL backend, in-process worker, demo data. ${results.first.length} first starts (no \`data/\`, no \`dist/\`, no \`admin/dist/\`, an empty user cache), each followed by a restart on the data it left. Before each first start, the step \`npm install\` runs for it beyond patch-package (scripts/postinstall.mjs, when the commit has one: the cluster template): ${install.some((value) => value > 0) ? fmt(install, 's', 1) : 'none'}. Memory at rest: VmRSS ${restSeconds} s after healthy, of the server process (what \`node scripts/launch.mjs start\` holds) and summed over npm's whole process tree (npm's own client, about 55 MiB, included: the measure of the earlier 421–436 MiB figures), each against the 300 MB target. Peak of the server: its VmHWM, over its whole life. Peak of the other processes: the largest sum seen during the start of npm, its shell and the builds (sampled every 250 ms). Median (min–max).`,
    '',
    '| Start | Time to healthy | Target | Server process at rest | Target | `npm start`’s process tree at rest | Target (the same 300 MB) | Server’s peak (VmHWM) | Other processes’ peak (npm, builds) |',
    '|---|---|---|---|---|---|---|---|---|',
    row('first start of a fresh clone (builds, creates the database, loads the demo data)', results.first, FRESH_TARGETS.firstStartSeconds),
    row('restart', results.restart, FRESH_TARGETS.restartSeconds),
    '',
  ].join('\n');
}
