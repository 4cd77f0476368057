import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { advisorRouter } from './advisors/advisorRouter';
import { AdvisorService } from './advisors/advisorService';
import { auditRouter } from './audit/auditRouter';
import { AuditTrail } from './audit/auditTrail';
import { accessPolicy } from './auth/accessPolicy';
import { authRouter } from './auth/authRouter';
import { originCheck } from './auth/originCheck';
import { createSessionMiddleware } from './auth/session';
import { clientRouter } from './clients/clientRouter';
import { ClientService } from './clients/clientService';
import { commissionRouter } from './commissions/commissionRouter';
import { CommissionService } from './commissions/commissionService';
import type { AppConfig } from './config';
import { contractRouter } from './contracts/contractRouter';
import { ContractService } from './contracts/contractService';
import { HttpError, errorHandler } from './http/httpError';
import { userRouter } from './users/userRouter';
import { UserService } from './users/userService';

export interface AppDependencies {
  knex: Knex;
  logger: Logger;
  config: Pick<AppConfig, 'sessionSecret' | 'sessionMaxAgeMs' | 'cookieSecure' | 'loginRateLimit' | 'allowedOrigins'>;
  /** Built admin (Vite output) served at `/`, when present. */
  adminDistDir?: string;
  /** Extra routers mounted under /api behind the access policy (e.g. imports). */
  extraRouters?: Record<string, express.Router>;
}

export async function createApp({ knex, logger, config, adminDistDir, extraRouters = {} }: AppDependencies) {
  const audit = new AuditTrail(knex);
  const users = new UserService(knex);
  const sessions = await createSessionMiddleware(knex, { secret: config.sessionSecret, maxAgeMs: config.sessionMaxAgeMs, secureCookie: config.cookieSecure });

  const app = express();
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
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
  api.use(cors({ origin: config.allowedOrigins, credentials: true, exposedHeaders: ['Content-Range', 'X-Total-Estimated', 'X-Request-Id'] }));
  api.use(express.json({ limit: '1mb' }));
  api.use(originCheck(config.allowedOrigins));
  api.use(sessions.middleware);
  api.use(accessPolicy());

  api.get('/health', async (_req, res) => {
    await knex.raw('SELECT 1');
    res.json({ status: 'ok' });
  });
  api.use('/auth', authRouter(users, { loginAttemptsPer15Minutes: config.loginRateLimit }));
  api.use('/clients', clientRouter(new ClientService(knex, audit)));
  api.use('/advisors', advisorRouter(new AdvisorService(knex)));
  api.use('/contracts', contractRouter(new ContractService(knex)));
  api.use('/commissions', commissionRouter(new CommissionService(knex)));
  api.use('/audit-entries', auditRouter(audit));
  api.use('/users', userRouter(users));
  for (const [mountPath, router] of Object.entries(extraRouters)) api.use(mountPath, router);
  api.use(() => {
    throw new HttpError(404, 'Cette adresse de l’API n’existe pas.');
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
