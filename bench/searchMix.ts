import { measureLatency, median } from './latency';

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

export interface SearchMixMeasure {
  p50: number;
  p95: number;
  /** Median of each fragment sent alone (one request at a time), the slowest of them. */
  singleMedian: number;
  singleSlowest: { q: string; ms: number };
}

/** The mix at `concurrency` connections through the API, beside the same fragments one at a time. */
export async function benchSearchMix(options: { baseUrl: string; cookie: string; concurrency: number; requests: number }): Promise<SearchMixMeasure> {
  const url = (q: string) => `${options.baseUrl}/api/clients?sort=${encodeURIComponent('["relevance","ASC"]')}&range=[0,24]&filter=${encodeURIComponent(JSON.stringify({ q }))}`;
  const send = async (q: string) => {
    const response = await fetch(url(q), { headers: { cookie: options.cookie } });
    if (!response.ok) throw new Error(`search mix, "${q}": ${response.status} ${await response.text()}`);
    return response;
  };
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
