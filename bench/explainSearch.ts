import { parseArgs } from 'node:util';
import { AuditTrail } from '../api/audit/auditTrail';
import { clientFilterSchema } from '../api/clients/clientSchemas';
import { ClientService } from '../api/clients/clientService';
import { openDatabase } from '../api/database/database';
import { parseListQuery } from '../api/http/simpleRest';
import { CLIENT_SORTABLE } from '../shared/clientList';
import { captureWaves, queriesOf } from './sqlFloor';

/**
 * `npx tsx bench/explainSearch.ts --dataset NAME [--sort relevance] QUERY…`: the plans of the SQL
 * one list search sends (EXPLAIN ANALYZE, BUFFERS), wave by wave, on a kept bench dataset.
 */
const { values: args, positionals } = parseArgs({ options: { dataset: { type: 'string', default: 'conance_bench_1m' }, sort: { type: 'string', default: 'relevance' } }, allowPositionals: true });
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(server);
url.pathname = `/${args.dataset}`;
const db = await openDatabase({ databaseUrl: url.toString() });
const service = new ClientService(db.knex, new AuditTrail(db.knex));
try {
  for (const q of positionals) {
    const query = parseListQuery(
      { sort: JSON.stringify([args.sort, 'ASC']), range: '[0,24]', filter: JSON.stringify({ q }) },
      { sortable: CLIENT_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: clientFilterSchema },
    );
    const started = performance.now();
    await service.list(query);
    console.log(`\n=== "${q}": ${(performance.now() - started).toFixed(1)} ms through the service`);
    const waves = await captureWaves(db.knex, () => service.list(query));
    for (const [index, { sql, bindings }] of queriesOf(waves).entries()) {
      const plan = await db.knex.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
      console.log(`--- statement ${index + 1}\n${db.knex.raw(sql, bindings).toString().slice(0, 3000)}\n${plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')}`);
    }
  }
} finally {
  await db.close();
}
