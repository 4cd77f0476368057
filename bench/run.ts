import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { AuditTrail } from '../api/audit/auditTrail';
import { ClientService } from '../api/clients/clientService';
import { openDatabase } from '../api/database/database';
import { reachable } from '../scripts/reachable';
import { generateDataset } from './dataset';
import { BenchDatabases } from './benchDatabases';
import { writeBenchmarkSection, type BenchRow } from './benchmarksFile';
import { benchListCases, benchSearchMixOnDataset } from './listsBench';
import { signIn, startApiProcess } from './apiProcess';
import { STATEMENT_LAYOUT, importThroughApi, naiveImport, peakMemoryMiB, readWithExceljsOnly, readWithProductReader, startWorkerProcess, writeStatement, type StatementShape } from './importBench';
import { measureFirstRender } from './firstRender';
import { SEARCH_MIX, benchSearchMix } from './searchMix';
import { median } from './latency';
import { benchDuplicates, duplicatesSection } from './duplicatesBench';

/**
 * `npm run bench [-- --quick] [--output FILE]`: production-scale measurements against the real
 * PostgreSQL (BENCH_DATABASE_URL, default 127.0.0.1), each beside its floor measured in the
 * same run. Prints a table and writes it to BENCHMARKS.md (or --output).
 */
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    output: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    dataset: { type: 'string' },
    duplicates: { type: 'boolean', default: false },
    only: { type: 'string' },
    cases: { type: 'string' },
  },
});
// `--smoke`: every measure at toy sizes, for the test that checks the bench still runs; its
// figures mean nothing and it never writes BENCHMARKS.md unless --output says where.
const smoke = args.smoke!;
const quick = args.quick! || smoke;
const size = smoke ? { clients: 5_000, contracts: 10_000, advisors: 10 } : quick ? { clients: 50_000, contracts: 100_000, advisors: 20 } : { clients: 1_000_000, contracts: 2_000_000, advisors: 50 };
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// The queue: Redis when reachable (REDIS_URL or 127.0.0.1), otherwise BullMQ's PostgreSQL backend.
const redisUrl = (await reachable(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')) ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined;
// Databases are named after this run and dropped at its end, so two runs on one server never
// drop or read each other's. `--dataset NAME` keeps a search dataset under that name instead,
// reused by later runs while its size matches (generating 1M clients takes minutes).
const runId = process.env.BENCH_RUN_ID ?? `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const runPrefix = `${quick ? 'conance_bench_quick' : 'conance_bench'}_${runId}`;
const keptDataset = args.dataset;
const databaseName = keptDataset ?? runPrefix;
const importDatabaseName = `${runPrefix}_import`;
const outputFile = args.output ?? path.resolve('BENCHMARKS.md');
const concurrency = 20;
const requests = smoke ? 40 : quick ? 200 : 1000;

const rows: BenchRow[] = [];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const log = (message: string) => console.log(`[bench] ${message}`);

const started = performance.now();
const databases = new BenchDatabases(serverUrl, log, keptDataset);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void databases.dropCreated().finally(() => process.exit(130));
  });
}

// `--duplicates`: only the duplicate groups, on a generated dataset of its own, written
// to its own section of BENCHMARKS.md.
if (args.duplicates) {
  try {
    const url = await databases.fresh(`${runPrefix}_dup`);
    const target = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
    try {
      log(`generating ${size.clients.toLocaleString('en')} clients…`);
      await generateDataset(target, { ...size, contracts: size.clients / 10 });
      log('planting 1 % duplicates, building the pair table, measuring…');
      const section = duplicatesSection(await benchDuplicates(target), `npm run bench -- --duplicates${quick ? ' --quick' : ''}`);
      console.log(`\n${section}`);
      writeBenchmarkSection(outputFile, 'duplicates', section);
    } finally {
      await target.destroy();
    }
  } finally {
    await databases.dropCreated();
  }
  process.exit(0);
}

// `--only imports` (100k, naive and 1M-row imports) or `--only import` (the 100k-row import alone):
// the import rows only, printed and not written to BENCHMARKS.md unless --output names a file.
if (args.only === 'imports' || args.only === 'import') {
  try {
    await benchImports({ regularOnly: args.only === 'import' });
  } finally {
    await databases.dropCreated();
  }
  const report = renderReport();
  console.log(`\n${report}`);
  if (args.output) writeBenchmarkSection(outputFile, 'results', report);
  process.exit(0);
}

let db: Awaited<ReturnType<typeof openDatabase>>;
let baseUrl: string;
let cookie: string;
let clientService: ClientService;
try {
  // `--only lists`: the search and list rows alone, on the dataset (kept with --dataset), printed
  // and not written to BENCHMARKS.md unless --output names a file. `--cases` picks some by name.
  const listsOnly = args.only === 'lists';
  // Imports first, each into an empty database of its own: the clients a statement holds are
  // new ones, and the search dataset below keeps exactly its size.
  if (!listsOnly) await benchImports();

  const datasetUrl = await databases.dataset(databaseName, size, { regenerate: args.fresh! });
  db = await openDatabase({ databaseUrl: datasetUrl, poolMax: concurrency });
  // The API runs in its own process, started as `npm start` starts it, so that the load
  // generator (this process) does not compete with it for the same event loop.
  const api = await startApiProcess(datasetUrl, redisUrl);
  baseUrl = api.url;
  cookie = await signIn(baseUrl);
  clientService = new ClientService(db.knex, new AuditTrail(db.knex));

  try {
    const context = { knex: db.knex, clientService, baseUrl, cookie, concurrency, requests, cases: args.cases?.split(','), log };
    rows.push(...(await benchListCases(context)));
    if (!args.cases || args.cases.split(',').includes('mix')) rows.push(...(await benchSearchMixOnDataset(context, size.clients)));
    if (!listsOnly) {
      await benchBulkDelete();
      await benchFirstRender();
    }
  } finally {
    api.stop();
    await db.close();
  }
  if (!listsOnly) await benchSearchMixAt25k();
} finally {
  await databases.dropCreated();
}
if (args.only === 'lists') {
  const report = renderReport();
  console.log(`\n${report}`);
  if (args.output) writeBenchmarkSection(outputFile, 'results', report);
  process.exit(0);
}

const report = renderReport();
console.log(`\n${report}`);
writeBenchmarkSection(outputFile, 'results', report);
log(`written to ${outputFile} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);

async function benchImports(options: { regularOnly?: boolean } = {}) {
  const shapes = smoke
    ? { regular: { rows: 2_000, clients: 500, contracts: 1_000 }, large: { rows: 5_000, clients: 1_250, contracts: 2_500 }, naive: { rows: 500, clients: 125, contracts: 250 } }
    : quick
      ? { regular: { rows: 10_000, clients: 2_500, contracts: 5_000 }, large: { rows: 50_000, clients: 12_500, contracts: 25_000 }, naive: { rows: 1_000, clients: 250, contracts: 500 } }
      : { regular: { rows: 100_000, clients: 25_000, contracts: 50_000 }, large: { rows: 1_000_000, clients: 250_000, contracts: 500_000 }, naive: { rows: 10_000, clients: 2_500, contracts: 5_000 } };
  const directory = path.join(os.tmpdir(), 'conance-bench');
  fs.mkdirSync(directory, { recursive: true });
  const statement = async (name: string, shape: StatementShape, tag: string) => {
    // The layout's version is in the name: files kept from a run with older headers are not reused.
    const file = path.join(directory, `${name}-${shape.rows}-${STATEMENT_LAYOUT}.xlsx`);
    if (!fs.existsSync(file)) {
      log(`writing a ${shape.rows.toLocaleString('en')}-row statement…`);
      await writeStatement(`${file}.tmp`, shape, tag);
      fs.renameSync(`${file}.tmp`, file);
    }
    return file;
  };
  const rowsPerSecond = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  const describe = (shape: StatementShape) => `${shape.rows.toLocaleString('en')} rows (${shape.clients.toLocaleString('en')} clients, ${shape.contracts.toLocaleString('en')} contracts)`;

  // Each import: an empty database, the API started on it, and a fresh worker process, so
  // that the kernel's peak-RSS counter is the worker's own for this file.
  const importWithWorker = async (file: string) => {
    const databaseUrl = await databases.fresh(importDatabaseName);
    const importApi = await startApiProcess(databaseUrl, redisUrl);
    const worker = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl ?? '', LOG_LEVEL: 'warn', IMPORT_MAX_ROWS: '5000000' });
    try {
      const result = await importThroughApi(importApi.url, await signIn(importApi.url), file, path.basename(file));
      return { ...result, peakMiB: peakMemoryMiB(worker.pid!) };
    } finally {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker.once('exit', resolve));
      importApi.stop();
    }
  };

  const regularFile = await statement('statement', shapes.regular, 'R');
  log(`import of ${describe(shapes.regular)}`);
  const floor = await readWithProductReader(regularFile);
  const exceljs = await readWithExceljsOnly(regularFile);
  rows.push({
    measure: `Parse of ${describe(shapes.regular)}: the product's reader (archive checks + every row) against exceljs's streaming reader`,
    result: `${(floor.ms / 1000).toFixed(1)} s`,
    floor: `exceljs streaming read alone: ${(exceljs.ms / 1000).toFixed(1)} s`,
    ratio: `${(floor.ms / exceljs.ms).toFixed(2)}×`,
    target: '≤ 1× exceljs',
    met: floor.ms <= exceljs.ms ? 'yes' : 'no',
  });
  const regular = await importWithWorker(regularFile);
  rows.push({
    measure: `Import of ${describe(shapes.regular)}: upload → completed`,
    result: `${(regular.ms / 1000).toFixed(1)} s, ${rowsPerSecond(shapes.regular.rows, regular.ms)}, worker peak ${regular.peakMiB.toFixed(0)} MiB`,
    floor: `the product's reader alone: ${(floor.ms / 1000).toFixed(1)} s`,
    ratio: `${(regular.ms / floor.ms).toFixed(2)}×`,
    target: '≤ 2× the bare parse',
    met: regular.ms <= 2 * floor.ms ? 'yes' : 'no',
  });
  if (options.regularOnly) return;

  const naiveFile = await statement('naive', shapes.naive, 'N');
  log(`naive baseline on ${describe(shapes.naive)}`);
  const naiveDb = await openDatabase({ databaseUrl: await databases.fresh(importDatabaseName) });
  const naive = await naiveImport(naiveDb.knex, naiveFile, shapes.naive.rows).finally(() => naiveDb.close());
  const bulkRate = shapes.regular.rows / regular.ms;
  const naiveRate = naive.rows / naive.ms;
  rows.push({
    measure: `Naive baseline: one Objection query per row, ${naive.rows.toLocaleString('en')} rows, no queue`,
    result: `${(naive.ms / 1000).toFixed(1)} s, ${rowsPerSecond(naive.rows, naive.ms)}`,
    floor: '–',
    ratio: `bulk import is ${(bulkRate / naiveRate).toFixed(1)}× faster`,
    target: 'for comparison',
    met: '–',
  });

  const largeFile = await statement('statement', shapes.large, 'L');
  log(`import of ${describe(shapes.large)}`);
  const large = await importWithWorker(largeFile);
  rows.push({
    measure: `Import of ${describe(shapes.large)}: upload → completed`,
    result: `${(large.ms / 1000).toFixed(1)} s, ${rowsPerSecond(shapes.large.rows, large.ms)}, worker peak ${large.peakMiB.toFixed(0)} MiB`,
    floor: '–',
    ratio: '–',
    target: 'worker < 300 MB',
    met: large.peakMiB * 1.048576 < 300 ? 'yes' : 'no',
  });
}

/** The 25,000-client search mix, on a database of its own generated for this run. */
async function benchSearchMixAt25k() {
  const mixSize = { clients: 25_000, contracts: 50_000, advisors: 20 };
  log(`search mix at ${mixSize.clients.toLocaleString('en')} clients`);
  const url = await databases.fresh(`${runPrefix}_mix25k`);
  const target = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await generateDataset(target, mixSize).finally(() => target.destroy());
  const mixApi = await startApiProcess(url, redisUrl);
  try {
    const measure = await benchSearchMix({ baseUrl: mixApi.url, cookie: await signIn(mixApi.url), concurrency, requests });
    rows.push({
      measure: `Search mix at ${mixSize.clients.toLocaleString('en')} clients (${SEARCH_MIX.length} fragments: names, first names, numbers, emails, phones, 1–2 letters, two words, misspelt names; ranked; rotating per request), ${concurrency} connections`,
      result: `p50 ${ms(measure.p50)}, p95 ${ms(measure.p95)}`,
      floor: `one request at a time: median ${ms(measure.singleMedian)}, slowest "${measure.singleSlowest.q}" ${ms(measure.singleSlowest.ms)}`,
      ratio: '–',
      target: 'p95 ≤ 25 ms',
      met: measure.p95 <= 25 ? 'yes' : 'no',
    });
  } finally {
    mixApi.stop();
  }
}

async function benchBulkDelete() {
  log('bulk delete of 1,000 clients');
  const durations: number[] = [];
  for (let run = 0; run < 3; run++) {
    // Clients with a contract and a commission each, so the delete also unlinks them.
    const ids: number[] = (await db.knex.raw(`INSERT INTO clients (client_number, last_name) SELECT 'BULK-${run}-' || i, 'Supprimable' FROM generate_series(1, 1000) i RETURNING id`)).rows.map(
      (row: { id: number }) => row.id,
    );
    await db.knex.raw(`INSERT INTO contracts (contract_number, client_id, status) SELECT 'BULK-${run}-' || id, id, 'active' FROM unnest(?::int[]) id`, [ids]);
    await db.knex.raw(`INSERT INTO commissions (client_id, date, amount) SELECT id, date '2026-01-31', 10 FROM unnest(?::int[]) id`, [ids]);
    const t0 = performance.now();
    const response = await fetch(`${baseUrl}/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`, { method: 'DELETE', headers: { cookie } });
    await response.arrayBuffer();
    durations.push(performance.now() - t0);
    if (!response.ok) throw new Error(`bulk delete: ${response.status}`);
    await db.knex('contracts').where('contract_number', 'like', `BULK-${run}-%`).delete();
  }
  const result = median(durations);
  rows.push({ measure: 'Atomic bulk delete of 1,000 clients (with contracts and commissions)', result: ms(result), floor: '–', ratio: '–', target: '≤ 500 ms', met: result <= 500 ? 'yes' : 'no' });
}

async function benchFirstRender() {
  log('first render of the clients list in Chromium');
  const adminBuilt = fs.existsSync(path.resolve('admin/dist/index.html'));
  const measured = adminBuilt ? await measureFirstRender({ baseUrl, cookie }).catch((error: Error) => ({ skipped: `failed: ${error.message.split('\n')[0]}` })) : { skipped: 'the admin is not built' };
  if ('skipped' in measured) {
    rows.push({ measure: 'First render of the clients list (Chromium)', result: `not measured: ${measured.skipped}`, floor: '–', ratio: '–', target: '≤ 1.5 s', met: '–' });
    return;
  }
  rows.push({
    measure: 'First render of the clients list (Chromium, navigation → rows visible)',
    result: ms(measured.median),
    floor: '–',
    ratio: '–',
    target: '≤ 1,500 ms',
    met: measured.median <= 1500 ? 'yes' : 'no',
  });
}

function renderReport() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `## Results${quick ? ' (quick run: reduced sizes)' : ''}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL at ${new URL(serverUrl).host}.`,
    `Queue: ${redisUrl ? 'Redis' : "BullMQ's PostgreSQL backend"}; the import worker is a separate process started as \`npm run worker\` starts it, its peak memory read from the kernel (VmHWM).`,
    `Dataset: ${size.clients.toLocaleString('en')} clients, ${size.contracts.toLocaleString('en')} contracts, ${size.advisors} advisors. Latencies are wall times seen by an HTTP client on the same machine, signed in, through the whole stack (session, access policy, validation, SQL, JSON).`,
    '',
    '| Measure | Result | Floor | Ratio | Target | Met |',
    '|---|---|---|---|---|---|',
  ];
  return [...header, ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.floor} | ${r.ratio} | ${r.target} | ${r.met} |`), ''].join('\n');
}
