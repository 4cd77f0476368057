/**
 * Quality of the tolerant name search, measured: 200 (query, expected client) pairs built from
 * the bench's French names (bench/dataset.ts) with the slips callers make (test/support/
 * nameVariants.ts), each searched as the Clients list does (relevance order, first page).
 * Reports recall@10 (the expected client's name among the first ten rows), the mean rank of
 * the expected client when found, and the search's latency on this dataset.
 *
 *   npx tsx test/bench/nameQuality.ts [--clients 20000] [--server postgres://postgres@127.0.0.1:5432/postgres]
 *
 * A client is "expected" by its last and first names: a caller gives a name, and a dataset drawn
 * by frequency holds several clients of the same name, any of whom the staff then tells apart.
 */
import knexFactory from 'knex';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { migrateToLatest } from '../../api/database/database';
import { generateDataset } from '../../bench/dataset';
import { nameVariants } from '../support/nameVariants';

const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const clients = Number(argument('clients', '20000'));
const server = argument('server', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const PAIRS = 200;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

async function main() {
  const name = `name_quality_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
  await admin.raw('CREATE DATABASE ??', [name]);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } });
  try {
    await migrateToLatest(knex);
    await generateDataset(knex, { clients, contracts: 0, advisors: 5 });
    const service = new ClientService(knex, new AuditTrail(knex));
    // Distinct names, spread over the list: common names and the long tail alike.
    const { rows: names } = await knex.raw(`SELECT last_name, first_name FROM (SELECT DISTINCT last_name, first_name FROM clients) n ORDER BY md5(last_name || first_name) LIMIT ?`, [PAIRS]);
    const results: Parameters<typeof report>[0] = [];
    for (const [index, { last_name: last, first_name: first }] of names.entries()) {
      const variants = nameVariants(last, first);
      const query = variants[index % variants.length];
      const started = performance.now();
      const page = await service.list({ sort: { field: 'relevance', order: 'ASC' }, range: { start: 0, end: 9 }, filter: { q: query } });
      const ms = performance.now() - started;
      const rank = page.rows.findIndex((row) => fold(`${row.lastName} ${row.firstName}`) === fold(`${last} ${first}`)) + 1;
      results.push({
        query,
        expected: `${last} ${first}`,
        rank,
        ms,
        total: page.total,
        top: page.rows
          .slice(0, 3)
          .map((row) => `${row.lastName} ${row.firstName} (${row.matchedBy})`)
          .join(', '),
      });
    }
    report(results);
  } finally {
    await knex.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    await admin.destroy();
  }
}

function report(results: { query: string; expected: string; rank: number; ms: number; total: number; top: string }[]) {
  const found = results.filter((r) => r.rank > 0);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const percentile = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  console.log(`clients: ${clients}, pairs: ${results.length}`);
  console.log(`recall@10: ${((100 * found.length) / results.length).toFixed(1)} %`);
  console.log(`mean rank when found: ${(found.reduce((sum, r) => sum + r.rank, 0) / Math.max(1, found.length)).toFixed(2)}; first place: ${results.filter((r) => r.rank === 1).length}`);
  console.log(`latency (one connection, ms): p50 ${percentile(50).toFixed(1)}, p95 ${percentile(95).toFixed(1)}, max ${times[times.length - 1].toFixed(1)}`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`slowest: ${slowest.map((r) => `"${r.query}" ${r.ms.toFixed(0)} ms (${r.total} rows)`).join('; ')}`);
  for (const miss of results.filter((r) => r.rank === 0)) console.log(`missed: "${miss.query}" → ${miss.expected}; ${miss.total} found, first: ${miss.top || 'none'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
