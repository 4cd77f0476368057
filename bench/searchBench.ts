import type { Knex } from 'knex';
import { measureLatency, median } from './latency';

export interface EndpointMeasure {
  name: string;
  p50: number;
  p95: number;
  /** The same SQL statements sent straight to PostgreSQL at the same concurrency. */
  sqlP50: number;
  sqlP95: number;
  /** Median EXPLAIN ANALYZE execution time of those statements, summed: the database's own work for one request. */
  explain: number;
}

/**
 * Latency of a list endpoint under concurrent load, beside its floor: the very SQL it runs,
 * captured from Knex, sent directly to PostgreSQL under the same concurrency.
 */
export async function benchEndpoint(
  knex: Knex,
  options: {
    name: string;
    url: string;
    cookie: string;
    concurrency: number;
    requests: number;
    /** Runs, in this process, the service call the endpoint makes, so that its SQL can be captured. */
    serviceCall: () => Promise<unknown>;
  },
): Promise<EndpointMeasure> {
  const send = () => fetch(options.url, { headers: { cookie: options.cookie } });
  const probe = await send();
  if (!probe.ok) throw new Error(`${options.name}: ${probe.status} ${await probe.text()}`);
  await probe.arrayBuffer();

  const captured: { sql: string; bindings: readonly Knex.RawBinding[] }[] = [];
  const capture = (query: { sql: string; bindings?: Knex.RawBinding[] }) =>
    // The event carries the driver's $n placeholders, numbered in binding order.
    captured.push({ sql: query.sql.replace(/\$\d+/g, '?'), bindings: query.bindings ?? [] });
  knex.on('query', capture);
  await options.serviceCall();
  knex.off('query', capture);

  const explains: number[] = [];
  for (let run = 0; run < 5; run++) {
    let total = 0;
    for (const { sql, bindings } of captured) {
      if (/^\s*explain/i.test(sql)) continue; // the count estimate is itself a plan, not a query
      const result = await knex.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, bindings);
      total += result.rows[0]['QUERY PLAN'][0]['Execution Time'];
    }
    explains.push(total);
  }

  // Like the service, the page and its count are sent together.
  const sql = await measureLatency(
    async () => {
      await Promise.all(captured.map(({ sql: statement, bindings }) => knex.raw(statement, bindings)));
      return new Response('');
    },
    { concurrency: options.concurrency, requests: options.requests },
  );
  const api = await measureLatency(send, { concurrency: options.concurrency, requests: options.requests });
  return { name: options.name, p50: api.p50, p95: api.p95, sqlP50: sql.p50, sqlP95: sql.p95, explain: median(explains) };
}
