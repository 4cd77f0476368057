import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the app reads from the environment, parsed once.
 * Absent DATABASE_URL / REDIS_URL select the embedded defaults (PGlite, BullMQ's PostgreSQL backend).
 */
const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : !['false', '0', 'no', 'off'].includes(value.toLowerCase())));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  DATA_DIR: z.string().default('./data'),
  // The embedded database's buffer pool, resident in full; unset, sized to the data (embeddedPostgres.ts).
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'a size such as 32MB')
    .optional(),
  SEED_DEMO: booleanFlag(true),
  RUN_WORKER: booleanFlag(true),
  LOG_LEVEL: z.string().default('info'),
  SESSION_SECRET: z.string().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: booleanFlag(false),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_ADDRESS_RATE_LIMIT: z.coerce.number().int().positive().default(100),
  ALLOWED_ORIGINS: z.string().optional(),
  IMPORT_MAX_FILE_MB: z.coerce.number().positive().default(50),
  IMPORT_MAX_ROWS: z.coerce.number().int().positive().default(2_000_000),
  IMPORT_MAX_UNCOMPRESSED_MB: z.coerce.number().positive().default(2048),
  IMPORT_MAX_SHARED_STRINGS_MB: z.coerce.number().positive().default(128),
  IMPORT_MAX_WHOLE_FILE_MB: z.coerce.number().positive().default(5),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  METRICS_ALLOWED_IPS: z.string().optional(),
});

export type AppConfig = ReturnType<typeof loadConfig>;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env) {
  const parsed = environmentSchema.parse(environment);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    dataDir: path.resolve(parsed.DATA_DIR),
    pgliteSharedBuffers: parsed.PGLITE_SHARED_BUFFERS,
    seedDemo: parsed.SEED_DEMO,
    runWorker: parsed.RUN_WORKER,
    logLevel: parsed.LOG_LEVEL,
    sessionSecret: parsed.SESSION_SECRET,
    sessionMaxAgeMs: parsed.SESSION_MAX_AGE_HOURS * 3600_000,
    cookieSecure: parsed.COOKIE_SECURE,
    adminEmail: parsed.ADMIN_EMAIL,
    adminPassword: parsed.ADMIN_PASSWORD,
    loginRateLimit: parsed.LOGIN_RATE_LIMIT,
    /** Failed sign-ins per 15 minutes from one address, whatever the emails tried. */
    loginAddressRateLimit: parsed.LOGIN_ADDRESS_RATE_LIMIT,
    allowedOrigins:
      parsed.ALLOWED_ORIGINS?.split(',')
        .map((o) => o.trim())
        .filter(Boolean) ?? [],
    importMaxFileBytes: Math.round(parsed.IMPORT_MAX_FILE_MB * 1024 * 1024),
    importMaxRows: parsed.IMPORT_MAX_ROWS,
    importMaxUncompressedBytes: Math.round(parsed.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024),
    importMaxSharedStringsBytes: Math.round(parsed.IMPORT_MAX_SHARED_STRINGS_MB * 1024 * 1024),
    /** Formats read whole in memory (.xls, .xlsb, .ods, HTML): their own, smaller limit. */
    importMaxWholeFileBytes: Math.round(parsed.IMPORT_MAX_WHOLE_FILE_MB * 1024 * 1024),
    workerConcurrency: parsed.WORKER_CONCURRENCY,
    /** Addresses or CIDR ranges that may scrape /api/metrics without a session. */
    metricsAllowedIps:
      parsed.METRICS_ALLOWED_IPS?.split(',')
        .map((entry) => entry.trim())
        .filter(Boolean) ?? [],
  };
}
