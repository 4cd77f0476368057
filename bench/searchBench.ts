import type { Knex } from 'knex';
import { measureLatency, median } from './latency';
import { captureWaves, explainWaves, replayWaves } from './sqlFloor';

export interface EndpointMeasure {
  name: string;
  p50: number;
  p95: number;
  /** The same SQL statements sent straight to PostgreSQL at the same concurrency. */
  sqlP50: number;
  sqlP95: number;
  /** Median EXPLAIN ANALYZE execution time of those statements, summed: the database's own work for one request. */
  explain: number;
  /** Rows the statements' scans of clients produced (EXPLAIN ANALYZE), before filters and limits. */
  rowsRead: number;
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

  const waves = await captureWaves(knex, options.serviceCall);
  const explained = [];
  for (let run = 0; run < 5; run++) explained.push(await explainWaves(knex, waves));

  const sql = await measureLatency(() => replayWaves(knex, waves), { concurrency: options.concurrency, requests: options.requests });
  const api = await measureLatency(send, { concurrency: options.concurrency, requests: options.requests });
  return { name: options.name, p50: api.p50, p95: api.p95, sqlP50: sql.p50, sqlP95: sql.p95, explain: median(explained.map((e) => e.executionMs)), rowsRead: explained[0].rowsRead };
}
