/**
 * A worker in its own process, for the crash test: it is killed with SIGKILL mid-import.
 * Arguments: JSON { connection, databaseUrl }.
 */
import pino from 'pino';
import { openDatabase } from '../../api/database/database';
import { startImportWorker } from '../../api/imports/statementImportQueue';

const { connection, databaseUrl } = JSON.parse(process.argv[2]);
const db = await openDatabase({ databaseUrl });
startImportWorker(connection, {
  knex: db.knex,
  logger: pino({ level: 'silent' }),
  limits: { maxRows: 2_000_000, maxUncompressedBytes: 512 * 1024 * 1024 },
  // A short lock, so that the stalled check of the next worker notices the crash quickly.
  lockDuration: 2000,
  stalledInterval: 1000,
  // Small batches: the kill lands mid-file on a file of a few thousand rows.
  batchRows: 500,
});
console.log('ready');
