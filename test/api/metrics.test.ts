import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { startImportWorker, type ImportWorker } from '../../api/imports/statementImportQueue';
import { parseScraperAddresses } from '../../api/metrics/metricsAccess';
import { startServer, type RunningServer } from '../../api/server';
import { UserService } from '../../api/users/userService';
import { importLimitsOf } from '../../api/imports/statementImportProcessor';
import { largeStatement } from '../imports/statementFiles';
import { startTestApp } from '../support/testApp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

/**
 * GET /api/metrics on the app as `npm start` wires it (real PostgreSQL, BullMQ's PostgreSQL
 * backend in the test database): who may read it, and the queue, import and request series
 * moving while a statement is imported.
 */
const ADMIN = { email: 'admin@metrics.fr', password: 'admin-password-metrics' };
const SUPPORT = { email: 'support@metrics.fr', password: 'support-password-metrics', fullName: 'Serge Support', role: 'support' as const };
const ROWS = 1200;

let db: TestDatabase;
let server: RunningServer;
let backend: QueueBackendHandle | undefined;
let worker: ImportWorker | undefined;
let adminCookie: string;
const config = () =>
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    // No worker in the server: the test starts one once it has seen the job wait.
    RUN_WORKER: 'false',
    SEED_DEMO: 'false',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
  });

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer(config(), { logger: pino({ level: 'silent' }) });
  await new UserService(db.knex).create(SUPPORT);
  adminCookie = await signIn(ADMIN);
});
afterAll(async () => {
  await worker?.close();
  await backend?.close();
  await server?.close();
  await db?.close();
});

async function signIn(account: { email: string; password: string }, url = server.url) {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  expect(response.status).toBe(200);
  // Read to its end: the request is counted when its answer finishes, which a scrape must not race.
  await response.arrayBuffer();
  return response.headers.get('set-cookie')!.split(';')[0];
}

async function scrape(cookie = adminCookie) {
  const response = await fetch(`${server.url}/api/metrics`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return parseMetrics(await response.text());
}

/** Samples of the Prometheus text format, keyed `name{label="value",...}` as printed. */
function parseMetrics(text: string) {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return {
    text,
    /** The sample whose labels include all of `labels`; undefined when absent. */
    value(name: string, labels: Record<string, string> = {}) {
      for (const [key, value] of samples) {
        const brace = key.indexOf('{');
        if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
        if (Object.entries(labels).every(([label, wanted]) => key.includes(`${label}="${wanted}"`))) return value;
      }
      return undefined;
    },
  };
}

describe('GET /api/metrics', { timeout: 120_000 }, () => {
  it('answers 401 to anonymous, 403 to support staff, and Prometheus text to admins', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const supportCookie = await signIn(SUPPORT);
    expect((await fetch(`${server.url}/api/metrics`, { headers: { cookie: supportCookie } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/METRICS/`, { headers: { cookie: supportCookie } })).status).toBe(403);

    const response = await fetch(`${server.url}/api/metrics`, { headers: { cookie: adminCookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = parseMetrics(await response.text());
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.value('conance_db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
    expect(metrics.value('conance_db_pool_acquires_waiting')).toBe(0);
    expect(metrics.value('conance_db_pool_connections_max')).toBe(10);
    expect(metrics.value('conance_import_queue_up')).toBe(1);
    expect(metrics.value('conance_imports_metrics_up')).toBe(1);
    // Requests are labelled by route pattern, never by the raw URL.
    expect(metrics.value('http_requests_total', { method: 'POST', route: '/api/auth/login', status: '200' })).toBeGreaterThanOrEqual(2);
    // Refused by the access policy before any route matched: one `unmatched` series, not one per URL.
    expect(metrics.value('http_requests_total', { route: 'unmatched', status: '403' })).toBe(2);
    expect(metrics.value('http_requests_total', { route: 'unmatched', status: '401' })).toBe(1);
    expect(metrics.text).not.toMatch(/route="\/api\/METRICS/);
  });

  it('shows the import queue, the import and the requests moving while a statement is imported', async () => {
    const before = await scrape();
    expect(before.value('conance_imports', { status: 'queued' })).toBe(0);
    expect(before.value('conance_import_rows_processed_total')).toBe(0);
    const detailsBefore = before.value('http_requests_total', { method: 'GET', route: '/api/imports/:id', status: '200' }) ?? 0;

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await largeStatement(ROWS, { clients: 300 }))]), 'metriques.xlsx');
    const upload = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form, headers: { cookie: adminCookie } });
    expect(upload.status).toBe(202);
    const { id } = await upload.json();

    // No worker yet: the job waits in BullMQ and the import is queued.
    const queued = await scrape();
    expect(queued.value('conance_import_queue_jobs', { state: 'waiting' })).toBe(1);
    expect(queued.value('conance_import_queue_jobs', { state: 'active' })).toBe(0);
    expect(queued.value('conance_imports', { status: 'queued' })).toBe(1);
    expect(queued.value('http_requests_total', { method: 'POST', route: '/api/imports', status: '202' })).toBe(1);
    expect(queued.value('http_request_duration_seconds_count', { method: 'POST', route: '/api/imports', status: '202' })).toBe(1);

    // Hold the worker inside its first batch (clients cannot be written while this lock is
    // held), so that the scrape sees the import running, not only before and after.
    const hold = await db.knex.transaction();
    try {
      await hold.raw('LOCK TABLE clients IN EXCLUSIVE MODE');
      backend = await openQueueBackend(config(), { embedded: false, url: db.url });
      worker = startImportWorker(backend.connection, { knex: db.knex, logger: pino({ level: 'silent' }), limits: importLimitsOf(config()) });
      const running = await waitFor(async () => {
        const metrics = await scrape();
        return metrics.value('conance_import_queue_jobs', { state: 'active' }) === 1 && metrics.value('conance_imports', { status: 'running' }) === 1 && metrics;
      }, 'the job active and the import running');
      expect(running.value('conance_import_queue_jobs', { state: 'waiting' })).toBe(0);
      expect(running.value('conance_import_running_rows_per_second')).toBeGreaterThanOrEqual(0);
    } finally {
      await hold.commit();
    }

    const done = await waitFor(async () => {
      const record = await (await fetch(`${server.url}/api/imports/${id}`, { headers: { cookie: adminCookie } })).json();
      return record.status === 'completed' && record;
    }, 'the import completed');
    // BullMQ marks the job completed once the processor has returned, a moment after the
    // import's own row says so: wait for the queue's word too.
    const after = await waitFor(async () => {
      const metrics = await scrape();
      return metrics.value('conance_import_queue_jobs', { state: 'completed' }) === 1 && metrics;
    }, 'the job completed in BullMQ');
    expect(after.value('conance_import_queue_jobs', { state: 'active' })).toBe(0);
    expect(after.value('conance_imports', { status: 'completed' })).toBe(1);
    expect(after.value('conance_imports', { status: 'running' })).toBe(0);
    expect(after.value('conance_import_rows_processed_total')).toBe(done.processedRows);
    expect(after.value('conance_import_rows_processed_total')).toBeGreaterThanOrEqual(ROWS);
    expect(after.value('conance_import_rows_rejected_total')).toBe(done.rowsRejected);
    expect(after.value('conance_import_last_completed_rows_per_second')).toBeGreaterThan(0);
    expect(after.value('conance_import_last_completed_rows_rejected')).toBe(done.rowsRejected);
    expect(after.value('conance_import_running_rows_per_second')).toBe(0);
    // The polling above went through the request metrics too.
    expect(after.value('http_requests_total', { method: 'GET', route: '/api/imports/:id', status: '200' })).toBeGreaterThan(detailsBefore);
    expect(after.value('http_requests_total', { method: 'GET', route: '/api/metrics', status: '200' })).toBeGreaterThan(
      queued.value('http_requests_total', { method: 'GET', route: '/api/metrics', status: '200' })!,
    );
  });

  it('lets the configured scraper addresses in without a session, and no one else', async () => {
    const allowed = await startTestApp({ env: { METRICS_ALLOWED_IPS: '10.1.2.3, 127.0.0.0/8' } });
    const other = await startTestApp({ env: { METRICS_ALLOWED_IPS: '10.0.0.0/8,::2' } });
    try {
      const scraped = await allowed.request('/api/metrics');
      expect(scraped.status).toBe(200);
      expect(parseMetrics(await scraped.text()).value('process_resident_memory_bytes')).toBeGreaterThan(0);
      // Only the metrics: the address opens nothing else.
      expect((await allowed.request('/api/clients')).status).toBe(401);
      expect((await allowed.request('/api/metrics', { method: 'POST', body: {} })).status).toBe(401);
      expect((await other.request('/api/metrics')).status).toBe(401);
    } finally {
      await allowed.close();
      await other.close();
    }
    const parse = (value: string) => parseScraperAddresses(loadConfig({ METRICS_ALLOWED_IPS: value }).metricsAllowedIps);
    expect(() => parse('not-an-address')).toThrow(/METRICS_ALLOWED_IPS/);
    expect(() => parse('10.0.0.0/40')).toThrow(/prefix/);
  });
});
