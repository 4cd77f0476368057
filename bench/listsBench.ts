import type { Knex } from 'knex';
import { clientFilterSchema } from '../api/clients/clientSchemas';
import type { ClientService } from '../api/clients/clientService';
import { parseListQuery } from '../api/http/simpleRest';
import { CLIENT_SORTABLE } from '../shared/clientList';
import type { BenchRow } from './benchmarksFile';
import { benchEndpoint } from './searchBench';
import { SEARCH_MIX, benchSearchMixAgainstSql } from './searchMix';

const ms = (value: number) => `${value.toFixed(1)} ms`;

export interface ListsBenchContext {
  knex: Knex;
  clientService: ClientService;
  baseUrl: string;
  cookie: string;
  concurrency: number;
  requests: number;
  /** Only the cases whose name holds one of these (`--cases`). */
  cases?: string[];
  log: (message: string) => void;
}

const listUrl = (baseUrl: string, filter: object, sort = '["lastName","ASC"]') =>
  `${baseUrl}/api/clients?sort=${encodeURIComponent(sort)}&range=[0,24]&filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** The service call a list URL makes, run in this process (its SQL is captured from it). */
const serviceCallOf = (context: ListsBenchContext, url: string) => {
  const query = parseListQuery(Object.fromEntries(new URL(url).searchParams), { sortable: CLIENT_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: clientFilterSchema });
  return () => context.clientService.list(query);
};

/** Each search and list shape at `concurrency` connections, beside the same SQL sent directly. */
export async function benchListCases(context: ListsBenchContext): Promise<BenchRow[]> {
  const [advisor] = await context.knex('advisors').orderBy('id').limit(1);
  const list = (filter: object, sort?: string) => listUrl(context.baseUrl, filter, sort);
  const cases = [
    { name: 'Search: name fragment ("lefev")', url: list({ q: 'lefev' }) },
    { name: 'Search: client-number fragment ("00424")', url: list({ q: '00424' }) },
    { name: 'Search: email fragment ("nt77777")', url: list({ q: 'nt77777' }) },
    { name: 'Search: first-name fragment ("jean")', url: list({ q: 'jean' }) },
    { name: 'Search: first-name fragment ranked ("jean", relevance)', url: list({ q: 'jean' }, '["relevance","ASC"]') },
    // One or two characters match the start of every searched field.
    { name: 'Search: two letters ("al": first names, last names, emails)', url: list({ q: 'al' }) },
    { name: 'Search: two digits ("06": phones, numbers)', url: list({ q: '06' }) },
    { name: 'Search: two letters ("cl": every client number)', url: list({ q: 'cl' }) },
    { name: 'List: default page (lastName, activeContracts)', url: list({}) },
    { name: 'List: advisor filter', url: list({ advisorId: advisor.id }) },
  ].filter(({ name }) => !context.cases || context.cases.some((part) => name.includes(part)));
  const rows: BenchRow[] = [];
  for (const { name, url } of cases) {
    context.log(name);
    const measure = await benchEndpoint(context.knex, { name, url, cookie: context.cookie, concurrency: context.concurrency, requests: context.requests, serviceCall: serviceCallOf(context, url) });
    rows.push({
      measure: `${name}, ${context.concurrency} connections`,
      result: `p50 ${ms(measure.p50)}, p95 ${ms(measure.p95)}`,
      floor: `same SQL direct: p50 ${ms(measure.sqlP50)}, p95 ${ms(measure.sqlP95)} (EXPLAIN ${ms(measure.explain)}, ${measure.rowsRead.toLocaleString('en')} client rows read)`,
      ratio: `${(measure.p95 / measure.sqlP95).toFixed(1)}× (p95)`,
      target: 'p95 ≤ 25 ms and ≤ 2× SQL',
      met: measure.p95 <= 25 && measure.p95 <= 2 * measure.sqlP95 ? 'yes' : 'no',
    });
  }
  return rows;
}

/**
 * The search mix (what support staff type, tolerant matches included, ranked as the admin asks)
 * on this dataset: one user typing (one connection), then `concurrency` connections, each beside
 * the same SQL sent straight to PostgreSQL in the same run.
 */
export async function benchSearchMixOnDataset(context: ListsBenchContext, clients: number): Promise<BenchRow[]> {
  context.log(`search mix, 1 and ${context.concurrency} connections`);
  const measures = await benchSearchMixAgainstSql({
    baseUrl: context.baseUrl,
    cookie: context.cookie,
    knex: context.knex,
    serviceCall: (q) => serviceCallOf(context, listUrl(context.baseUrl, { q }, '["relevance","ASC"]'))(),
    concurrencies: [1, context.concurrency],
    rounds: Math.max(2, Math.round(context.requests / SEARCH_MIX.length)),
  });
  const mix = `Search mix at ${clients.toLocaleString('en')} clients (${SEARCH_MIX.length} fragments: names, first names, numbers, emails, phones, 1–2 letters, two words, misspelt names; ranked; rotating per request)`;
  return measures.map(({ concurrency, api, sql, fragments }) => {
    const slowest = fragments
      ?.slice(0, 3)
      .map((f) => `"${f.q}" ${ms(f.api)} (SQL ${ms(f.sql)})`)
      .join(', ');
    const ratio = api.p95 / sql.p95;
    return concurrency === 1
      ? {
          measure: `${mix}, 1 connection (one user typing)`,
          result: `p50 ${ms(api.p50)}, p95 ${ms(api.p95)}; slowest medians: ${slowest}`,
          floor: `same SQL direct: p50 ${ms(sql.p50)}, p95 ${ms(sql.p95)}`,
          ratio: `${ratio.toFixed(2)}× (p95)`,
          target: 'p95 ≤ 50 ms',
          met: api.p95 <= 50 ? 'yes' : 'no',
        }
      : {
          measure: `${mix}, ${concurrency} connections`,
          result: `p50 ${ms(api.p50)}, p95 ${ms(api.p95)}`,
          floor: `same SQL direct, ${concurrency} connections: p50 ${ms(sql.p50)}, p95 ${ms(sql.p95)}`,
          ratio: `${ratio.toFixed(2)}× (p95)`,
          target: 'p95 ≤ 1.3× SQL',
          met: ratio <= 1.3 ? 'yes' : 'no',
        };
  });
}
