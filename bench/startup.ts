import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { writeBenchmarkSection } from './benchmarksFile';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { freshCloneStarts, renderFreshReport } from './freshStart';
import { freePort, untilHealthy } from './apiProcess';
import { median } from './latency';
import { processTree, type TreeProcess } from './processTree';

/**
 * `npm run bench:startup [-- --runs 5] [--scenario server|embedded|both|fresh|all]`: memory at
 * rest and time to healthy of the server, run the way `npm start` ran it before the compiled build
 * (TypeScript through tsx at run time) and the way it runs now (compiled JavaScript,
 * scripts/launch.mjs), from the same sources, alternating, on this machine ("both": the
 * scenarios server and embedded). "fresh": `npm start` itself on the embedded
 * default of a fresh clone of the committed sources, on a first start (no data directory, no
 * build: the server and the admin are built by the start) and on the restart that follows.
 * Writes its own section of BENCHMARKS.md between the `bench:startup` markers; `npm run
 * bench` leaves that section alone.
 */
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    scenario: { type: 'string', default: 'all' },
    rest: { type: 'string', default: '10' },
    output: { type: 'string' },
    // The commit the "fresh" scenario clones (default: HEAD).
    ref: { type: 'string' },
  },
});
const runs = Number(args.runs);
const restSeconds = Number(args.rest);
const outputFile = args.output ?? path.resolve('BENCHMARKS.md');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(import.meta.dirname, '..');
const log = (message: string) => console.log(`[bench:startup] ${message}`);

const MODES = {
  tsx: { label: 'before: `tsx scripts/start.ts` (TypeScript at run time)', command: [path.join(ROOT, 'node_modules/.bin/tsx'), 'scripts/start.ts'] },
  compiled: { label: 'after: `node scripts/launch.mjs` (compiled dist/start.js)', command: [process.execPath, 'scripts/launch.mjs', 'start'] },
} as const;
type Mode = keyof typeof MODES;

interface Sample {
  healthyMs: number;
  treeRssMiB: number;
  serverRssMiB: number;
  processes: number;
  tsxLoaded: boolean;
}

const SCENARIOS: Record<string, string[]> = { all: ['server', 'embedded', 'fresh'], both: ['server', 'embedded'] };
const selected = SCENARIOS[args.scenario!] ?? [args.scenario!];
if (selected.some((name) => !['server', 'embedded', 'fresh'].includes(name))) throw new Error(`unknown scenario: ${args.scenario}`);
const scenarios = selected.filter((name) => name !== 'fresh');

if (scenarios.length) {
  // Both modes start from up-to-date builds: the measure is the run time, not a first build.
  log('building (server and admin) so that neither mode builds during a measure');
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
}

const results: { scenario: string; mode: Mode; samples: Sample[] }[] = [];
const fresh = selected.includes('fresh') ? await freshCloneStarts({ root: ROOT, runs, restSeconds, ref: args.ref, log }) : undefined;
for (const scenario of scenarios) {
  const setup = scenario === 'server' ? await serverScenario() : await embeddedScenario();
  try {
    // One start that is not measured: migrations, the queue's schema, demo data, disk caches.
    log(`${scenario}: warm-up start`);
    await measureOnce(MODES.compiled.command, setup.env);
    const samples: Record<Mode, Sample[]> = { tsx: [], compiled: [] };
    for (let run = 0; run < runs; run++) {
      // Alternating, so that a slow period of the shared machine weighs on both modes alike.
      for (const mode of (run % 2 ? ['compiled', 'tsx'] : ['tsx', 'compiled']) as Mode[]) {
        const sample = await measureOnce(MODES[mode].command, setup.env);
        log(`${scenario} ${mode} #${run + 1}: healthy in ${sample.healthyMs.toFixed(0)} ms, ${sample.treeRssMiB.toFixed(0)} MiB at rest (${sample.processes} process(es))`);
        samples[mode].push(sample);
      }
    }
    for (const mode of Object.keys(samples) as Mode[]) results.push({ scenario, mode, samples: samples[mode] });
  } finally {
    await setup.cleanup();
  }
}

const report = [renderReport(), ...(fresh ? [renderFreshReport(fresh, restSeconds)] : [])].join('\n');
console.log(`\n${report}`);
writeBenchmarkSection(outputFile, 'startup', report);
log(`written to ${outputFile}`);
process.exit(0);

async function serverScenario() {
  const name = `conance_bench_startup_${process.pid.toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
  await admin.raw('CREATE DATABASE ??', [name]);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    // The queue on BullMQ's PostgreSQL backend in this database: a Redis shared with other runs
    // would hand this in-process worker their jobs.
    env: { DATABASE_URL: url.toString(), ADMIN_EMAIL: 'bench@conance.fr', ADMIN_PASSWORD: 'bench-password-1' },
    async cleanup() {
      const drop = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      await drop.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await drop.destroy();
    },
  };
}

async function embeddedScenario() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-startup-'));
  return {
    env: { DATA_DIR: dataDir },
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measureOnce(command: readonly string[], env: Record<string, string>): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const healthyMs = await untilHealthy(`http://127.0.0.1:${port}`, { exitCode: () => child.exitCode, started, what: 'the server', timeoutMs: 180_000 });
    // At rest: no request for a while, so start-up garbage and timers have settled.
    await new Promise((resolve) => setTimeout(resolve, restSeconds * 1000));
    const tree = processTree(child.pid!);
    // The server is the largest process of the tree (tsx's CLI process only waits for it).
    const server = tree.reduce((largest, p) => (p.rssKiB > largest.rssKiB ? p : largest));
    return {
      healthyMs,
      treeRssMiB: tree.reduce((sum, p) => sum + p.rssKiB, 0) / 1024,
      serverRssMiB: server.rssKiB / 1024,
      processes: tree.length,
      tsxLoaded: tree.some((p: TreeProcess) => /tsx/.test(p.cmdline)),
    };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}

function renderReport() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const scenarioText: Record<string, string> = {
    server: '`DATABASE_URL` (PostgreSQL 15 on 127.0.0.1), queue on BullMQ’s PostgreSQL backend, in-process worker',
    embedded: 'the embedded default of a fresh clone (one PGlite for the data and the queue, demo data already loaded), in-process worker',
  };
  const fmt = (values: number[], unit: string, digits = 0) => `${median(values).toFixed(digits)} ${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const heading = ['## Startup: memory at rest and time to healthy', ''];
  if (!results.length) return heading.join('\n');
  const lines = [
    ...heading,
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:startup\` on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${runs} starts per mode and scenario, alternating, after one unmeasured warm-up start; \`NODE_ENV=production\`, \`LOG_LEVEL=warn\`.`,
    `Time to healthy: from spawning the command to the first 200 from \`/api/health/ready\` (polled every 25 ms). Memory at rest: resident memory (VmRSS) ${restSeconds} s after healthy, summed over the command's process tree (tsx runs a CLI process that spawns the server; npm's own process, the same in both, is left out), and of the server process alone. Median (min–max).`,
    '',
    '| Scenario | How the server runs | Time to healthy | Memory at rest, process tree | Server process alone | Processes | TypeScript loader in the tree |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, mode, samples } of results) {
    lines.push(
      `| ${scenarioText[scenario]} | ${MODES[mode].label} | ${fmt(
        samples.map((s) => s.healthyMs),
        'ms',
      )} | ${fmt(
        samples.map((s) => s.treeRssMiB),
        'MiB',
      )} | ${fmt(
        samples.map((s) => s.serverRssMiB),
        'MiB',
      )} | ${processCount(samples)} | ${samples.some((s) => s.tsxLoaded) ? 'yes' : 'no'} |`,
    );
  }
  for (const scenario of scenarios) {
    const of = (mode: Mode) => results.find((r) => r.scenario === scenario && r.mode === mode)!.samples;
    const memory = median(of('tsx').map((s) => s.treeRssMiB)) - median(of('compiled').map((s) => s.treeRssMiB));
    const time = median(of('tsx').map((s) => s.healthyMs)) - median(of('compiled').map((s) => s.healthyMs));
    lines.push(
      '',
      `Saved by the compiled build, ${scenario === 'server' ? 'on PostgreSQL' : 'on the embedded default'}: ${memory.toFixed(0)} MiB at rest, ${time.toFixed(0)} ms to healthy (medians).`,
    );
  }
  return [...lines, ''].join('\n');
}

/** "2" or "2–3": tsx sometimes spawns esbuild's service process during a start. */
function processCount(samples: Sample[]) {
  const counts = samples.map((s) => s.processes);
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? String(low) : `${low}–${high}`;
}
