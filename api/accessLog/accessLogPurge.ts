import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { startPeriodicTask } from '../background/periodicTask';
import { readPersonalDataSettings } from '../personalData/personalDataSettings';

const PURGE_BATCH = 10_000;
export const ACCESS_LOG_PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Deletes the access-log entries older than the configured accessLogMonths. In batches, so that a
 * shortened period on a large log never holds one long lock; idempotent, so several API
 * processes may run it at once. Resolves to the number of entries deleted.
 */
export async function purgeAccessLog(knex: Knex): Promise<number> {
  const { accessLogMonths } = await readPersonalDataSettings(knex);
  let deleted = 0;
  for (;;) {
    const batch = await knex.raw(
      `DELETE FROM client_access_log WHERE id IN (
         SELECT id FROM client_access_log WHERE occurred_at < now() - make_interval(months => ?) ORDER BY occurred_at LIMIT ?
       )`,
      [accessLogMonths, PURGE_BATCH],
    );
    deleted += batch.rowCount ?? 0;
    if ((batch.rowCount ?? 0) < PURGE_BATCH) return deleted;
  }
}

/**
 * The purge at API start and then every hour, in the API process (like the import reconciler).
 * The timer does not keep the process alive; stop() waits for a purge under way.
 */
export function startAccessLogPurge(options: { knex: Knex; logger: Logger; intervalMs?: number }) {
  const { knex, logger } = options;
  return startPeriodicTask(
    async () => {
      const deleted = await purgeAccessLog(knex);
      if (deleted) logger.info({ deleted }, `access log: ${deleted} entries past the retention period deleted`);
      return deleted;
    },
    {
      intervalMs: options.intervalMs ?? ACCESS_LOG_PURGE_INTERVAL_MS,
      onError: (error) => logger.error({ err: error }, 'access log purge failed; next attempt at the next interval'),
    },
  );
}
