import type { Knex } from 'knex';
import { measureLatency, median, summarise } from './latency';
import { captureWaves, replayWaves, type CapturedStatement } from './sqlFloor';

/**
 * The search mix: what people type in the clients list's search box, one fragment
 * after the other, rotating per request — last names, first names, client numbers, emails,
 * phones, 1–2 letter prefixes, two words, and names misspelt as callers say them (answered with
 * the tolerant matches). Every fragment is a kind the dataset of bench/dataset.ts holds (or a
 * miss, "zzzz"). Sent in the admin's order for a search, `relevance` (the ranked search).
 */
export const SEARCH_MIX = [
  'lefev',
  'Martin',
  'jean',
  'Nathalie',
  'CL00001',
  '00424',
  'client1234@',
  'nt77777',
  '06 12',
  '+336 45',
  'l',
  'du',
  'mar',
  'é',
  'jean dupont',
  'martin ber',
  'bois sylv',
  'zzzz',
  'lefebvre',
  'dupond jean',
  'bernrad',
];

/** One fragment searched as the admin searches it (ranked, first page), signed in; a failure throws. */
function searchRequest(baseUrl: string, cookie: string) {
  return async (q: string) => {
    const url = `${baseUrl}/api/clients?sort=${encodeURIComponent('["relevance","ASC"]')}&range=[0,24]&filter=${encodeURIComponent(JSON.stringify({ q }))}`;
    const response = await fetch(url, { headers: { cookie } });
    if (!response.ok) throw new Error(`search mix, "${q}": ${response.status} ${await response.text()}`);
    return response;
  };
}

export interface SearchMixMeasure {
  p50: number;
  p95: number;
  /** Median of each fragment sent alone (one request at a time), the slowest of them. */
  singleMedian: number;
  singleSlowest: { q: string; ms: number };
}

/** The mix at `concurrency` connections through the API, beside the same fragments one at a time. */
export async function benchSearchMix(options: { baseUrl: string; cookie: string; concurrency: number; requests: number }): Promise<SearchMixMeasure> {
  const send = searchRequest(options.baseUrl, options.cookie);
  const alone: { q: string; ms: number }[] = [];
  for (const q of SEARCH_MIX) {
    const durations: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await (await send(q)).arrayBuffer();
      durations.push(performance.now() - started);
    }
    alone.push({ q, ms: median(durations) });
  }
  let next = 0;
  const mixed = await measureLatency(() => send(SEARCH_MIX[next++ % SEARCH_MIX.length]), { concurrency: options.concurrency, requests: options.requests });
  const slowest = alone.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { p50: mixed.p50, p95: mixed.p95, singleMedian: median(alone.map((a) => a.ms)), singleSlowest: slowest };
}

export interface MixAgainstSql {
  concurrency: number;
  api: { p50: number; p95: number };
  sql: { p50: number; p95: number };
  /** At one connection: each fragment's median through the API and straight to PostgreSQL, slowest first. */
  fragments?: { q: string; api: number; sql: number }[];
}

/**
 * The mix through the API beside the very SQL each fragment sends (captured from the service
 * call, replayed in its waves), rotating the same way, at each concurrency asked. At one
 * connection it is one user typing; each request is timed alone.
 */
export async function benchSearchMixAgainstSql(options: {
  baseUrl: string;
  cookie: string;
  knex: Knex;
  /** The service call a fragment's request makes, run in this process to capture its SQL. */
  serviceCall: (q: string) => Promise<unknown>;
  concurrencies: number[];
  rounds: number;
}): Promise<MixAgainstSql[]> {
  const send = searchRequest(options.baseUrl, options.cookie);
  const waves = new Map<string, CapturedStatement[][]>();
  for (const q of SEARCH_MIX) waves.set(q, await captureWaves(options.knex, () => options.serviceCall(q)));
  const requests = options.rounds * SEARCH_MIX.length;
  const results: MixAgainstSql[] = [];
  for (const concurrency of options.concurrencies) {
    if (concurrency === 1) {
      const timed = async (run: (q: string) => Promise<Response>) => {
        const byFragment = new Map<string, number[]>(SEARCH_MIX.map((q) => [q, []]));
        for (const q of SEARCH_MIX) await (await run(q)).arrayBuffer(); // warm-up
        for (let i = 0; i < requests; i++) {
          const q = SEARCH_MIX[i % SEARCH_MIX.length];
          const started = performance.now();
          await (await run(q)).arrayBuffer();
          byFragment.get(q)!.push(performance.now() - started);
        }
        return byFragment;
      };
      const sql = await timed((q) => replayWaves(options.knex, waves.get(q)!));
      const api = await timed(send);
      const fragments = SEARCH_MIX.map((q) => ({ q, api: median(api.get(q)!), sql: median(sql.get(q)!) })).sort((a, b) => b.api - a.api);
      results.push({ concurrency, api: summarise([...api.values()].flat()), sql: summarise([...sql.values()].flat()), fragments });
      continue;
    }
    let nextSql = 0;
    const sql = await measureLatency(() => replayWaves(options.knex, waves.get(SEARCH_MIX[nextSql++ % SEARCH_MIX.length])!), { concurrency, requests });
    let nextApi = 0;
    const api = await measureLatency(() => send(SEARCH_MIX[nextApi++ % SEARCH_MIX.length]), { concurrency, requests });
    results.push({ concurrency, api, sql });
  }
  return results;
}
