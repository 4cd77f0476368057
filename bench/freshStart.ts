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
  first: FreshSample[];
  restart: FreshSample[];
}

/** MB as the issue states it, in MiB as the tables report memory. */
export const FRESH_TARGET_MIB = 600e6 / 2 ** 20;

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
    const results: FreshResults = { commit, first: [], restart: [] };
    for (let run = 1; run <= runs; run++) {
      for (const generated of ['dist', 'admin/dist', 'data']) fs.rmSync(path.join(clone, generated), { recursive: true, force: true });
      const first = await measureNpmStart(clone, restSeconds);
      log(
        `fresh clone, first start #${run}: healthy in ${first.healthyMs.toFixed(0)} ms, ${first.treeRssMiB.toFixed(0)} MiB at rest (server ${first.serverRssMiB.toFixed(0)}, its peak ${first.serverPeakMiB.toFixed(0)}; build and npm peak ${first.othersPeakMiB.toFixed(0)}; at rest ${first.breakdown})`,
      );
      results.first.push(first);
      const restart = await measureNpmStart(clone, restSeconds);
      log(
        `fresh clone, restart #${run}: healthy in ${restart.healthyMs.toFixed(0)} ms, ${restart.treeRssMiB.toFixed(0)} MiB at rest (server ${restart.serverRssMiB.toFixed(0)}, its peak ${restart.serverPeakMiB.toFixed(0)}; ${restart.breakdown})`,
      );
      results.restart.push(restart);
    }
    return results;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function measureNpmStart(cwd: string, restSeconds: number): Promise<FreshSample> {
  const port = await freePort();
  const started = performance.now();
  // Nothing set but the address: none of the settings the bench itself may run with.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
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
  const fmt = (values: number[], unit: string) => `${median(values).toFixed(0)} ${unit} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  const verdict = (values: number[]) => (Math.max(...values) <= FRESH_TARGET_MIB ? 'met' : median(values) <= FRESH_TARGET_MIB ? 'met by the median only' : 'missed');
  const row = (label: string, samples: FreshSample[]) =>
    `| ${label} | ${fmt(
      samples.map((s) => s.healthyMs / 1000),
      's',
    )} | ${fmt(
      samples.map((s) => s.treeRssMiB),
      'MiB',
    )} | ${fmt(
      samples.map((s) => s.serverRssMiB),
      'MiB',
    )} | ${fmt(
      samples.map((s) => s.serverPeakMiB),
      'MiB',
    )} | ${fmt(
      samples.map((s) => s.othersPeakMiB),
      'MiB',
    )} | ≤ 600 MB (${FRESH_TARGET_MIB.toFixed(0)} MiB): tree ${verdict(samples.map((s) => s.treeRssMiB))}, server ${verdict(samples.map((s) => s.serverRssMiB))} |`;
  return [
    '### `npm start` on the embedded default of a fresh clone',
    '',
    `\`npm start\` itself, with nothing set but the port and the host, in a \`git clone\` of commit ${results.commit} (its node_modules linked to this checkout's): PGlite for the data and a second PGlite for BullMQ's PostgreSQL backend, in-process worker, demo data. ${results.first.length} first starts (no \`data/\`, no \`dist/\`, no \`admin/dist/\`: the start builds the server and the admin in a child process of scripts/launch.mjs, creates both databases and loads the demo data), each followed by a restart on the data it left. Memory at rest: VmRSS ${restSeconds} s after healthy, summed over npm's whole process tree (npm, its shell, the server), and of the server process alone. Peak of the server: its VmHWM, over its whole life. Peak of the other processes: the largest sum seen during the start of npm, its shell and the build (sampled every 250 ms). Median (min–max).`,
    '',
    '| Start | Time to healthy | Memory at rest, `npm start`’s process tree | Server process alone | Server’s peak (VmHWM) | Other processes’ peak (npm, build) | Target |',
    '|---|---|---|---|---|---|---|',
    row('first start of a fresh clone (builds, creates the databases, loads the demo data)', results.first),
    row('restart', results.restart),
    '',
  ].join('\n');
}
