import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserService } from '../../api/users/userService';
import { listRoutes, startAppWithImports, type RouteEntry } from '../support/routeTable';
import type { TestApp } from '../support/testApp';

/**
 * Property-based fuzzing of every route of the live route table: ids, query
 * strings, filters and bodies made of what attackers and broken clients send (NUL characters,
 * integers past PostgreSQL's range, wrong types, deep nesting, huge numbers, unicode).
 * Whatever comes in, the answer is never a 5xx nor a hang; a refusal is a 4xx with a JSON
 * message, and a refused request changes nothing (every table's row count and checksum).
 *
 * `FUZZ_RUNS` sets the runs per route (default 12 in `npm test`; RELIABILITY.md gives the long run).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const REQUEST_DEADLINE_MS = 10_000;
/** Never fuzzed: it would end the very session the fuzzing runs in. */
const NOT_FUZZED = new Set(['POST /api/auth/logout']);

let app: TestApp;
let cookie: string;
let routes: RouteEntry[];
/** Set when keepSignedIn wrote a new user: the state known before is stale. */
let signedInAgain = false;

const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '2147483648', '-1', '0', '1e309', 'NaN', '', ' ', '%00', '../', '[]', '{}', 'null', '\u202e', 'é'.repeat(300)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const anyNumber = fc.oneof(fc.constantFrom(2_147_483_648, 2 ** 53, -2_147_483_649, 1e308, -0, 0.5, 1), fc.integer(), fc.double({ noNaN: true }));
const leaf = fc.oneof(nasty, anyNumber, fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 3 })),
})).node;
/** Field names the API's schemas read, so that bodies and filters reach the validation paths. */
const FIELDS = [
  'id',
  'q',
  'lastName',
  'firstName',
  'clientNumber',
  'email',
  'phone',
  'address',
  'advisorId',
  'clientId',
  'contractId',
  'recordId',
  'importId',
  'userId',
  'excludeId',
  'number',
  'contractNumber',
  'product',
  'insurer',
  'status',
  'startDate',
  'endDate',
  'date',
  'dateFrom',
  'dateTo',
  'amount',
  'label',
  'name',
  'mapping',
  'role',
  'password',
  'fullName',
  'active',
  'action',
  'recordType',
  'sourceIds',
  'values',
];
const fieldsObject = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 });
const idSegment = fc.oneof(anyNumber.map(String), nasty, fc.constantFrom('1', '2', '3'));
const listQuery = fc.record(
  {
    filter: fc.oneof(
      fieldsObject.map((object) => JSON.stringify(object)),
      nasty,
    ),
    sort: fc.oneof(
      fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom('ASC', 'DESC', 'asc', 'up')).map((t) => JSON.stringify(t)),
      nasty,
    ),
    range: fc.oneof(
      fc.tuple(anyNumber, anyNumber).map((t) => JSON.stringify(t)),
      nasty,
    ),
    q: nasty,
    format: nasty,
  },
  { requiredKeys: [] },
);
const requestOf = (route: RouteEntry) =>
  fc
    .record({
      id: idSegment,
      query: listQuery,
      body: fc.oneof({ weight: 4, arbitrary: fieldsObject }, { weight: 1, arbitrary: value }),
      file: fc.uint8Array({ maxLength: 2048 }),
    })
    .map((input): FuzzRequest => ({ route, ...input, query: input.query as Record<string, string> }));

/** Row count and checksum of every table the application owns (sessions change on every request), in one query. */
let stateQuery: string | undefined;
async function databaseState(): Promise<Record<string, string>> {
  const knex = app.db.knex;
  if (!stateQuery) {
    const { rows } = await knex.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions') AND tablename NOT LIKE 'knex_%' ORDER BY tablename`);
    stateQuery = (rows as Array<{ tablename: string }>)
      .map(({ tablename }) => `SELECT '${tablename}' AS name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS state FROM "${tablename}" t`)
      .join(' UNION ALL ');
  }
  const { rows } = await knex.raw(stateQuery);
  return Object.fromEntries((rows as Array<{ name: string; state: string }>).map(({ name, state }) => [name, state]));
}

/** A fuzzed PUT /users/:id may deactivate or demote the fuzzing admin: sign a fresh one in. */
async function keepSignedIn() {
  if ((await app.request('/api/auth/me', { cookie })).status === 200) return;
  signedInAgain = true;
  const email = `fuzz-${Date.now()}@test.fr`;
  await new UserService(app.db.knex).create({ email, password: 'fuzz-password-1', fullName: 'Fuzz Admin', role: 'admin' });
  const response = await app.request('/api/auth/login', { method: 'POST', body: { email, password: 'fuzz-password-1' } });
  cookie = response.headers.get('set-cookie')!.split(';')[0];
}

interface FuzzRequest {
  route: RouteEntry;
  id: string;
  query: Record<string, string>;
  body: unknown;
  file: Uint8Array;
}

async function send({ route, id, query, body, file }: FuzzRequest) {
  const path = route.path.replace(':id', encodeURIComponent(id));
  const search = new URLSearchParams(Object.entries(query)).toString();
  const url = `${app.url}${path}${search ? `?${search}` : ''}`;
  const init: RequestInit = { method: route.method, headers: { cookie }, signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) };
  if (route.method !== 'GET' && route.method !== 'HEAD' && route.method !== 'DELETE') {
    if (route.path.startsWith('/api/imports') && route.method === 'POST' && !route.path.includes('mappings')) {
      const form = new FormData();
      const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
      form.append('file', new Blob([new Uint8Array(file)]), typeof fields.name === 'string' ? fields.name : 'fuzz.xlsx');
      for (const [name, field] of Object.entries(fields)) form.append(name, typeof field === 'string' ? field : JSON.stringify(field));
      init.body = form;
    } else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
  }
  return fetch(url, init);
}

describe('fuzzing every route', () => {
  beforeAll(async () => {
    app = await startAppWithImports();
    cookie = await app.login('admin');
    const knex = app.db.knex;
    const [advisor] = await knex('advisors').insert({ last_name: 'Fontaine', first_name: 'Claire' }).returning('id');
    const clients = await knex('clients')
      .insert([1, 2, 3].map((i) => ({ last_name: `Client${i}`, client_number: `CL-${i}`, advisor_id: advisor.id })))
      .returning('id');
    const [contract] = await knex('contracts').insert({ contract_number: 'CT-1', client_id: clients[0].id, advisor_id: advisor.id }).returning('id');
    await knex('commissions').insert({ contract_id: contract.id, client_id: clients[0].id, date: '2026-10-01', amount: 12.5, label: 'Commission' });
    routes = listRoutes(app.expressApp).filter((route) => !NOT_FUZZED.has(`${route.method} ${route.path}`));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reads the whole route table', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('never answers 5xx nor hangs, answers refusals as JSON 4xx, and a refusal changes nothing', async () => {
    const seen: Record<string, number> = {};
    let current: Record<string, string> | undefined;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestOf(route), async (input) => {
          await keepSignedIn();
          if (signedInAgain) [current, signedInAgain] = [undefined, false];
          // The state after the previous request, unless it changed things (or signed in again).
          const before = current ?? (await databaseState());
          const response = await send(input);
          const label = `${route.method} ${route.path}`;
          seen[`${label} ${response.status}`] = (seen[`${label} ${response.status}`] ?? 0) + 1;
          expect(response.status, `${label} answered ${response.status}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type') ?? '', `${label} ${response.status}`).toMatch(/application\/json/);
            // A HEAD answer has the GET's headers and never a body.
            if (route.method !== 'HEAD') {
              const answer = await response.json();
              expect(typeof answer.message, `${label} ${response.status} message`).toBe('string');
              expect(answer.message.length).toBeGreaterThan(0);
            }
            const after = await databaseState();
            expect(after, `${label} refused with ${response.status} but changed the database`).toEqual(before);
            current = after;
          } else {
            await response.arrayBuffer();
            current = undefined;
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // The fuzzing reached past the validation layer somewhere: not every answer was a refusal.
    expect(Object.keys(seen).some((key) => /\s2\d\d$/.test(key))).toBe(true);
  }, 600_000); // bounded by RUNS × routes × the request deadline, not by the default 60 s
});
