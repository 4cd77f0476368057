import express, { type Express } from 'express';
import pino from 'pino';
import { createImportQueue, startImportWorker, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { statementImportRouter } from '../../api/imports/statementImportRouter';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { StatementImportService } from '../../api/imports/statementImportService';
import type { ImportLimits } from '../../api/imports/statementImportProcessor';
import { startTestApp, type TestApp } from './testApp';

export interface RouteEntry {
  method: string;
  path: string;
}

/** What this walk reads of Express's router layers (not part of Express's typed API). */
interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: unknown;
}

/** Every /api route of the live Express app, so that a route added later is tested without anyone listing it. */
export function listRoutes(expressApp: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          routes.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path === '/' ? '' : layer.route.path}` || '/' });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''}`);
      }
    }
  };
  walk((expressApp as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return routes.filter((route) => route.path.startsWith('/api/'));
}

/**
 * The API with every router startServer mounts, imports included (on a queue of its own, BullMQ's
 * PostgreSQL backend), and with `worker`, an import worker in this process.
 */
export async function startAppWithImports(
  options: { limits?: ImportLimits; maxFileBytes?: number; previewRows?: number; worker?: boolean; embedded?: boolean } = {},
): Promise<TestApp & { queue: StatementImportQueue }> {
  const limits = options.limits ?? { maxRows: 1000, maxUncompressedBytes: 10_000_000 };
  const imports = express.Router();
  const app = await startTestApp({ extraRouters: { '/imports': imports }, embedded: options.embedded });
  const backend: QueueBackendHandle = await openQueueBackend({ redisUrl: undefined }, app.db);
  const queue = createImportQueue(backend.connection);
  const worker = options.worker ? startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits }) : undefined;
  imports.use(statementImportRouter(new StatementImportService(app.db.knex), queue, { maxFileBytes: options.maxFileBytes ?? 1_000_000, previewRows: options.previewRows, ...limits }));
  return {
    ...app,
    queue,
    async close() {
      await worker?.close();
      await queue.close();
      await backend.close();
      await app.close();
    },
  };
}
