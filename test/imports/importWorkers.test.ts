import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportWorker } from '../../api/imports/statementImportQueue';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { statementImportRouter } from '../../api/imports/statementImportRouter';
import { StatementImportService } from '../../api/imports/statementImportService';
import { createImportQueue } from '../../api/imports/statementImportQueue';
import express from 'express';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';
import { importLimits, recordImport } from './importFixtures';
import { largeStatement } from './statementFiles';

/**
 * With no worker alive, /api/health said OK while imports waited for ever. Workers write a
 * heartbeat in the database they serve; health, the metrics and the Imports page (through
 * GET /api/imports/workers) report the workers seen in the last minute and the imports waiting.
 */
describe.each(DATABASES)('import workers on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  let backend: QueueBackendHandle;
  const imports = express.Router();

  beforeAll(async () => {
    app = await startTestApp({ embedded, withImportWorkers: true, extraRouters: { '/imports': imports } });
    backend = await openQueueBackend({ redisUrl: undefined }, app.db);
    imports.use(statementImportRouter(new StatementImportService(app.db.knex), createImportQueue(backend.connection), { maxFileBytes: 1_000_000, ...importLimits }));
    admin = await app.login('admin');
  });
  afterAll(async () => {
    await backend?.close();
    await app?.close();
  });

  const health = async () => {
    const response = await app.request('/api/health');
    return { status: response.status, body: await response.json() };
  };
  const workersGauge = async () => {
    const text = await (await app.request('/api/metrics', { cookie: admin })).text();
    return Number(/^conance_import_workers (\d+)$/m.exec(text)?.[1]);
  };

  it('says so in health, metrics and for the Imports page when no worker is alive, and when one is', async () => {
    await recordImport(app.db.knex, await largeStatement(5));
    expect(await health()).toEqual({ status: 503, body: { status: 'degraded', database: 'ok', workers: 'unavailable', importWorkers: { alive: 0, queued: 1 } } });
    expect((await app.request('/api/health/ready')).status).toBe(200);
    expect(await workersGauge()).toBe(0);
    expect(await (await app.request('/api/imports/workers', { cookie: admin })).json()).toEqual({ alive: 0, queued: 1 });

    // A worker (of this database) starts: its first heartbeat is written at once.
    const worker = startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimits, workerId: 'worker-health' });
    try {
      for (let i = 0; i < 50 && (await health()).status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', workers: 'ok', importWorkers: { alive: 1 } } });
      expect(await workersGauge()).toBe(1);
      // A worker whose heartbeat stopped a minute ago (killed, its machine frozen) is not counted.
      await app.db.knex('import_workers').insert({ id: 'worker-gone', host: 'elsewhere', pid: 1, concurrency: 1, seen_at: app.db.knex.raw(`now() - interval '70 seconds'`) });
      expect(await workersGauge()).toBe(1);
    } finally {
      await worker.close();
    }
    // A worker that stops says so at once.
    expect((await health()).body).toMatchObject({ workers: 'unavailable', importWorkers: { alive: 0 } });
  });
});
