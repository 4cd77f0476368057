import express, { type RequestHandler } from 'express';
import type { Knex } from 'knex';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { passwordHashing } from '../auth/passwordHashing';
import { HttpError } from '../http/httpError';
import { httpMetrics } from './httpMetrics';
import { importMetrics, poolMetrics, queueMetrics, type ImportJobCounts } from './importMetrics';
import type { ScraperAddresses } from './metricsAccess';

export type { ImportJobCounts } from './importMetrics';

export interface MetricsSources {
  knex: Knex;
  /** The import queue's job counts (BullMQ); absent when the app runs without imports. */
  queueJobCounts?: () => Promise<ImportJobCounts>;
  /** Import workers seen in the last minute (import_workers); absent when the app runs without imports. */
  importWorkers?: () => Promise<{ alive: number; queued: number }>;
}

export interface AppMetrics {
  /** Counts and times every request: mount it before anything that may answer. */
  httpMiddleware: RequestHandler;
  /** GET / in the Prometheus text format, for admins or the configured scraper addresses. */
  router: express.Router;
}

/**
 * One registry per app (tests start several apps in one process; prom-client's global
 * registry would refuse the second set of names). Default metrics give process memory, CPU,
 * heap, GC and event-loop lag.
 */
export function createMetrics(sources: MetricsSources, scrapers: ScraperAddresses): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpMiddleware = httpMetrics(registry);
  poolMetrics(registry, sources.knex);
  importMetrics(registry, sources.knex);
  if (sources.queueJobCounts) queueMetrics(registry, sources.queueJobCounts);
  if (sources.importWorkers) {
    const read = sources.importWorkers;
    new Gauge({
      name: 'conance_import_workers',
      help: 'Import workers of this database seen in the last minute (their heartbeat in import_workers); 0 with imports queued means nothing will run them',
      registers: [registry],
      async collect() {
        const seen = await read().catch(() => undefined);
        if (seen) this.set(seen.alive);
      },
    });
  }
  new Gauge({
    name: 'conance_password_hashes',
    help: 'Password hashes (argon2) running and waiting for a core in this process (sign-ins, password changes)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { inFlight, waiting } = passwordHashing();
      this.set({ state: 'running' }, inFlight);
      this.set({ state: 'waiting' }, waiting);
    },
  });

  const router = express.Router();
  router.get('/', async (req, res) => {
    // Behind accessPolicy (which lets the scraper's address through without a session): the
    // same rule again on the mount, in case the route is ever mounted elsewhere.
    if (req.user?.role !== 'admin' && !scrapers.allows(req)) {
      throw new HttpError(req.user ? 403 : 401, { code: req.user ? 'auth.roleForbids' : 'auth.signInRequired' });
    }
    const body = await registry.metrics();
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return { httpMiddleware, router };
}
