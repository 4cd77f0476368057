import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { accessLogRouter } from './accessLog/accessLogRouter';
import { recordClientAccess } from './accessLog/accessLogService';
import { advisorRouter } from './advisors/advisorRouter';
import { AdvisorService } from './advisors/advisorService';
import { auditRouter } from './audit/auditRouter';
import { AuditTrail } from './audit/auditTrail';
import { accessPolicy, adminOnly } from './auth/accessPolicy';
import { authRouter } from './auth/authRouter';
import { originCheck } from './auth/originCheck';
import { createSessionMiddleware } from './auth/session';
import { SessionCache } from './auth/sessionCache';
import { clientRouter } from './clients/clientRouter';
import { ClientService } from './clients/clientService';
import { ClientMergeService } from './clients/clientMerge';
import { clientMergeRouter } from './clients/clientMergeRouter';
import { duplicateRouter } from './duplicates/duplicateRouter';
import { DuplicateService } from './duplicates/duplicateService';
import { commissionRouter } from './commissions/commissionRouter';
import { CommissionService } from './commissions/commissionService';
import type { AppConfig } from './config';
import { contractRouter } from './contracts/contractRouter';
import { ContractService } from './contracts/contractService';
import { HttpError, errorHandler } from './http/httpError';
import { createMetrics, type ImportJobCounts } from './metrics/metrics';
import { parseScraperAddresses } from './metrics/metricsAccess';
import { personalDataRouter } from './personalData/personalDataRouter';
import { PersonalDataService } from './personalData/personalDataService';
import { refuseUnsafeInput } from './http/textInput';
import { personalDataSettingsRouter, retentionRouter } from './retention/retentionRouter';
import { userRouter } from './users/userRouter';
import { UserService } from './users/userService';

export interface AppDependencies {
  knex: Knex;
  logger: Logger;
  config: Pick<AppConfig, 'sessionSecret' | 'sessionMaxAgeMs' | 'cookieSecure' | 'loginRateLimit' | 'loginAddressRateLimit' | 'allowedOrigins' | 'metricsAllowedIps'>;
  /** Built admin (Vite output) served at `/`, when present. */
  adminDistDir?: string;
  /** Extra routers mounted under /api behind the access policy (e.g. imports). */
  extraRouters?: Record<string, express.Router>;
  /** Further components /api/health reports on (e.g. the import queue). */
  healthChecks?: Record<string, () => Promise<'ok' | 'unavailable'>>;
  /** The import queue's job counts, for /api/metrics. */
  queueJobCounts?: () => Promise<ImportJobCounts>;
  /** Import workers seen in the last minute and imports queued, for /api/health and /api/metrics. */
  importWorkers?: () => Promise<{ alive: number; queued: number }>;
}

const QUIET_PATHS = new Set(['/api/health', '/api/health/ready', '/api/health/live', '/api/metrics']);

export async function createApp({ knex, logger, config, adminDistDir, extraRouters = {}, healthChecks = {}, queueJobCounts, importWorkers }: AppDependencies) {
  const audit = new AuditTrail(knex);
  const sessionCache = new SessionCache();
  const users = new UserService(knex, (userId) => sessionCache.forgetUser(userId));
  const sessions = await createSessionMiddleware(knex, { secret: config.sessionSecret, maxAgeMs: config.sessionMaxAgeMs, secureCookie: config.cookieSecure, cache: sessionCache });

  if (config.cookieSecure) {
    logger.warn(
      'COOKIE_SECURE=true: the session cookie is sent over HTTPS only, so sign-ins over plain HTTP are refused with a message that says so. ' +
        'Serve the app over HTTPS, or behind a reverse proxy on this machine that sends X-Forwarded-Proto: https.',
    );
  }
  const app = express();
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  const scrapers = parseScraperAddresses(config.metricsAllowedIps);
  const metrics = createMetrics({ knex, queueJobCounts, importWorkers }, scrapers);
  app.use(metrics.httpMiddleware);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes and scrapes arrive every few seconds: logging them would bury the real requests.
      autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    }),
  );
  app.use(
    helmet({
      // The admin is a Vite build: own scripts only; MUI injects styles at run time.
      contentSecurityPolicy: {
        directives: {
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Only behind HTTPS: on a plain-HTTP intranet address it would break every asset.
          'upgrade-insecure-requests': config.cookieSecure ? [] : null,
        },
      },
      strictTransportSecurity: config.cookieSecure,
    }),
  );

  const api = express.Router();
  // Cross-origin use is opt-in (ALLOWED_ORIGINS); the admin itself is served from the same origin.
  api.use(cors({ origin: config.allowedOrigins, credentials: true, exposedHeaders: ['Content-Range', 'X-Total-More-Than', 'X-Request-Id'] }));
  api.use(express.json({ limit: '1mb' }));
  api.use(refuseUnsafeInput());
  api.use(originCheck(config.allowedOrigins));
  api.use(sessions.middleware);
  api.use(accessPolicy({ scrapers }));

  // Three views of health (README, "Health checks"): /health for monitoring says what is down
  // (503 when anything is); /health/ready for load balancers fails only when no request can be
  // served (the database), since every instance shares the queue and pulling them all out over
  // a queue outage would stop the whole back-office; /health/live only says the process answers.
  // Workers: with none alive, queued imports wait for ever while everything else answers.
  let workersSeen: { alive: number; queued: number } | undefined;
  const workerCheck: Record<string, () => Promise<'ok' | 'unavailable'>> = importWorkers
    ? {
        workers: () =>
          importWorkers().then(
            (seen) => ((workersSeen = seen), seen.alive > 0 ? ('ok' as const) : ('unavailable' as const)),
            () => ((workersSeen = undefined), 'unavailable' as const),
          ),
      }
    : {};
  const componentStates = async () => {
    const checks: Record<string, () => Promise<'ok' | 'unavailable'>> = {
      database: () =>
        knex
          .raw('SELECT 1')
          .timeout(3000)
          .then(
            () => 'ok' as const,
            () => 'unavailable' as const,
          ),
      ...healthChecks,
      ...workerCheck,
    };
    const names = Object.keys(checks);
    const states = await Promise.all(names.map((name) => checks[name]()));
    return Object.fromEntries(names.map((name, i) => [name, states[i]])) as Record<string, 'ok' | 'unavailable'>;
  };
  api.get('/health', async (_req, res) => {
    const states = await componentStates();
    const healthy = Object.values(states).every((state) => state === 'ok');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', ...states, ...(importWorkers ? { importWorkers: workersSeen ?? null } : {}) });
  });
  api.get('/health/ready', async (_req, res) => {
    const states = await componentStates();
    const ready = states.database === 'ok';
    const degraded = Object.values(states).some((state) => state !== 'ok');
    res.status(ready ? 200 : 503).json({ status: !ready ? 'unavailable' : degraded ? 'degraded' : 'ok', ...states });
  });
  api.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  api.use('/metrics', metrics.router);
  api.use('/auth', authRouter(users, { loginAttemptsPer15Minutes: config.loginRateLimit, loginAttemptsPerAddress: config.loginAddressRateLimit, secureCookie: config.cookieSecure }));
  api.use('/clients', clientRouter(new ClientService(knex, audit), { recordView: (actor, clientId) => recordClientAccess(knex, actor, clientId, 'view') }));
  api.use('/clients', clientMergeRouter(new ClientMergeService(knex, audit)));
  api.use('/clients', personalDataRouter(new PersonalDataService(knex, audit)));
  api.use('/duplicates', duplicateRouter(new DuplicateService(knex)));
  api.use('/advisors', advisorRouter(new AdvisorService(knex)));
  api.use('/contracts', contractRouter(new ContractService(knex)));
  api.use('/commissions', commissionRouter(new CommissionService(knex)));
  api.use('/audit-entries', auditRouter(audit));
  api.use('/users', adminOnly(), userRouter(users));
  // RGPD: the access log, the personal-data settings and the retention list, admins only.
  api.use('/access-log', adminOnly(), accessLogRouter(knex));
  api.use('/settings/personal-data', adminOnly(), personalDataSettingsRouter(knex));
  api.use('/retention-expired-clients', adminOnly(), retentionRouter(knex));
  for (const [mountPath, router] of Object.entries(extraRouters)) api.use(mountPath, router);
  api.use(() => {
    throw new HttpError(404, { code: 'request.unknownRoute' });
  });
  app.use('/api', api);

  if (adminDistDir && fs.existsSync(path.join(adminDistDir, 'index.html'))) {
    app.use(express.static(adminDistDir, { index: false, maxAge: '1h' }));
    // Client-side routes (react-admin's hash router needs only '/', this also covers deep links).
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(adminDistDir, 'index.html')));
  }
  app.use(errorHandler);

  return { app, users, close: () => sessions.close() };
}
