import crypto from 'node:crypto';
import zlib from 'node:zlib';
import express from 'express';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportReconciler } from '../../api/imports/statementImportReconciler';
import { createImportQueue, startImportWorker, type ImportWorker, type QueueConnection, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { statementImportRouter } from '../../api/imports/statementImportRouter';
import { StatementImportService } from '../../api/imports/statementImportService';
import { renderMessage } from '../../shared/messages/message';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { startTestApp, type TestApp } from '../support/testApp';
import { needsServers, testServices } from '../support/testServices';
import { waitFor } from '../support/waitFor';
import { importLimits } from './importFixtures';
import { zipArchive } from './statementFiles';
import { xlsxParts } from '../support/xlsxPart';
import { replaceStatementFile } from '../../statements/archive/storedStatementFile';

const DAMAGED = renderMessage({ code: 'file.crc' });

/**
 * The data-integrity items, through the HTTP API with Redis as the queue: the API's
 * connection to Redis goes through a proxy the test can cut, as in an outage.
 *  - two identical uploads at once: the database lets one through;
 *  - a damaged file never writes a line;
 *  - an import whose job the queue lost is run anyway, and does not block a re-upload;
 *  - with Redis down, an upload answers 503 at once, keeps the file and runs once Redis is back.
 */
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const redisUrl = testServices.redisUrl;
const prefix = `conance-test-integrity-${crypto.randomBytes(6).toString('hex')}`;

let app: TestApp;
let cookie: string;
let proxy: TcpProxy;
let queue: StatementImportQueue;
let worker: ImportWorker | undefined;
let redis: Redis;
let reconciler: ReturnType<typeof startImportReconciler>;

const knex = () => app.db.knex;
const imports = () => new StatementImportService(knex());

const finished = (id: number) =>
  waitFor(async () => {
    const record = await imports().get(id);
    return ['completed', 'failed'].includes(record.status) && record;
  }, `import ${id} to finish`);

function upload(path: string, file: Buffer, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'bordereau.xlsx');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${app.url}/api/imports${path}`, { method: 'POST', body: form, headers: { cookie } });
}

/** A one-line statement; `tag` makes its content (and SHA-256) unique to one test. */
async function oneLineStatement(tag: string, amount = 100) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant', 'Libellé']);
  sheet.addRow([`CL-${tag}`, 'Dupont', `CT-${tag}`, '01/10/2026', amount, `Commission ${tag}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const commissionsOf = async (tag: string) => Number((await knex()('commissions').where('label', `Commission ${tag}`).count('* as n'))[0].n);
const importRows = async () => Number((await knex()('statement_imports').count('* as n'))[0].n);

/** What a Redis restarted empty looks like to this app: none of its queue's keys left. */
async function emptyTheQueue() {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
}

function startWorker() {
  const connection: QueueConnection = { backend: 'redis', url: redisUrl!, prefix };
  worker = startImportWorker(connection, { knex: knex(), logger, limits: importLimits });
}
async function stopWorker() {
  await worker?.close();
  worker = undefined;
}

describe('import integrity on Redis', needsServers('redis'), () => {
  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const holder = express.Router();
    queue = createImportQueue({ backend: 'redis', url: proxy.url('redis'), prefix });
    app = await startTestApp({ extraRouters: { '/imports': holder }, healthChecks: { queue: () => queue.health() } });
    holder.use(statementImportRouter(new StatementImportService(app.db.knex), queue, { maxFileBytes: 2 * 1024 * 1024, ...importLimits }));
    // Periodic passes are left out (huge interval): each test runs one when it needs it.
    reconciler = startImportReconciler({ knex: app.db.knex, queue, logger, intervalMs: 3_600_000, queuedGraceMs: 0, runningStaleMs: 0 });
    redis = new Redis(redisUrl!);
    cookie = await app.login('admin');
  });
  afterAll(async () => {
    await stopWorker();
    await reconciler?.stop();
    await queue?.close();
    await proxy?.close();
    await emptyTheQueue().catch(() => undefined);
    redis?.disconnect();
    await app?.close();
  });

  it('lets exactly one of ten identical concurrent uploads through; the others get 409', async () => {
    const file = await oneLineStatement('race');
    const answers = await Promise.all(Array.from({ length: 10 }, () => upload('', file)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = await answers.find((answer) => answer.status === 202)!.json();
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect((await refused.json()).message).toContain(`import n° ${winner.id}`);
    }
    startWorker();
    expect((await finished(winner.id)).status).toBe('completed');
    expect(await commissionsOf('race')).toBe(1);
    // Forced, the same file is imported again, on purpose.
    const forced = await upload('', file, { force: 'true' });
    expect(forced.status).toBe(202);
    expect((await finished((await forced.json()).id)).status).toBe('completed');
    expect(await commissionsOf('race')).toBe(2);
    await stopWorker();
  });

  it('refuses a file whose part no longer matches its CRC-32, in the preview and the upload, and writes nothing', async () => {
    const parts = xlsxParts(await oneLineStatement('crc'));
    const sheet = parts.find((part) => part.name === 'xl/worksheets/sheet1.xml')!;
    const edited = Buffer.from(sheet.content.toString('utf8').replace('<v>100</v>', '<v>900</v>'));
    const damaged = zipArchive(parts.map((part) => (part === sheet ? { ...part, content: edited, crc: zlib.crc32(sheet.content), stored: true } : { ...part, stored: true })));
    const before = await importRows();
    for (const path of ['/preview', '']) {
      const answer = await upload(path, damaged);
      expect(answer.status).toBe(422);
      const body = await answer.json();
      expect(body.message).toBe(DAMAGED);
      expect(body.errors.file).toBe(DAMAGED);
    }
    expect(await importRows()).toBe(before);
    expect(await commissionsOf('crc')).toBe(0);
  });

  it('answers corrupt XML inside a valid zip with a French 422, and fails such an import at once in the worker', async () => {
    const parts = xlsxParts(await oneLineStatement('xml'));
    const broken = parts.map((part) =>
      part.name === 'xl/worksheets/sheet1.xml' ? { ...part, content: Buffer.from(part.content.toString('utf8').replace('<sheetData>', '<sheetData><row r="1" hidden>')) } : part,
    );
    const file = zipArchive(broken);
    const preview = await upload('/preview', file);
    expect(preview.status).toBe(422);
    expect((await preview.json()).message).toMatch(/^Le fichier Excel est endommagé : sa partie « xl\/worksheets\/sheet1\.xml » n’est pas un XML valide/);

    // The worker meets it only if the file changed after its upload checks: stored directly.
    const good = await upload('', await oneLineStatement('xml-worker'));
    expect(good.status).toBe(202);
    const { id } = await good.json();
    const workerBroken = zipArchive(
      xlsxParts(await oneLineStatement('xml-worker')).map((part) =>
        part.name === 'xl/worksheets/sheet1.xml' ? { ...part, content: Buffer.from(part.content.toString('utf8').replace('<c r="A2"', '<c r="A2" t')) } : part,
      ),
    );
    await replaceStatementFile(knex(), id, workerBroken);
    startWorker();
    const record = await finished(id);
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/^Le fichier Excel est endommagé : sa partie « xl\/worksheets\/sheet1\.xml » n’est pas un XML valide/);
    expect(record.attempts).toBe(1); // not retried: a file does not heal
    expect(await commissionsOf('xml-worker')).toBe(0);
    await stopWorker();
  });

  it('runs an import whose job a Redis restarted empty has lost, and never twice', async () => {
    const answer = await upload('', await oneLineStatement('lost'));
    expect(answer.status).toBe(202);
    const { id } = await answer.json();
    expect(await queue.isLost(id)).toBe(false);
    await emptyTheQueue();
    expect(await queue.isLost(id)).toBe(true);
    expect(await reconciler.runOnce()).toBe(1);
    expect(await reconciler.runOnce()).toBe(0); // its job is there again: nothing more to do
    startWorker();
    expect((await finished(id)).status).toBe('completed');
    expect(await commissionsOf('lost')).toBe(1);
    await stopWorker();
  });

  it('lets the same file be sent again when its first upload was lost before it started', async () => {
    const file = await oneLineStatement('resent');
    const first = await (await upload('', file)).json();
    await emptyTheQueue();
    const again = await upload('', file);
    expect(again.status).toBe(202);
    const second = await again.json();
    const retired = await imports().get(first.id);
    expect(retired.status).toBe('failed');
    expect(retired.error).toMatch(/jamais démarré/);
    startWorker();
    expect((await finished(second.id)).status).toBe('completed');
    expect(await commissionsOf('resent')).toBe(1);
    // A third upload is a duplicate of the second, which ran.
    const third = await upload('', file);
    expect(third.status).toBe(409);
    expect((await third.json()).message).toContain(`import n° ${second.id}`);
    await stopWorker();
  });

  it('answers 503 at once with Redis down, keeps the file, reports it in /api/health and runs it once Redis is back', async () => {
    await proxy.cut();
    try {
      const health = await app.request('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'degraded', database: 'ok', queue: 'unavailable' });
      const ready = await app.request('/api/health/ready');
      expect(ready.status).toBe(200); // the back-office still serves everything but imports
      expect((await ready.json()).status).toBe('degraded');

      const answer = await upload('', await oneLineStatement('outage'));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('30');
      const body = await answer.json();
      expect(body.message).toMatch(/momentanément indisponible\. Le fichier est conservé \(import n° \d+\)/);
      const id = Number(/import n° (\d+)/.exec(body.message)![1]);
      expect((await imports().get(id)).status).toBe('queued');
      // The reconciler cannot reach the queue either: it postpones, without failing the import.
      expect(await reconciler.runOnce()).toBe(0);
      expect((await imports().get(id)).status).toBe('queued');

      await proxy.restore();
      await waitFor(async () => (await queue.health()) === 'ok', 'the queue to come back');
      expect((await app.request('/api/health')).status).toBe(200);
      expect(await reconciler.runOnce()).toBe(1);
      startWorker();
      expect((await finished(id)).status).toBe('completed');
      expect(await commissionsOf('outage')).toBe(1);
      await stopWorker();
    } finally {
      if (!(await queue.health().then((state) => state === 'ok'))) await proxy.restore().catch(() => undefined);
    }
  });
});
