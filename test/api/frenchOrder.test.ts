import crypto from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { AdvisorService } from '../../api/advisors/advisorService';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { CommissionService } from '../../api/commissions/commissionService';
import { ContractService } from '../../api/contracts/contractService';
import { migrateToLatest, openDatabase } from '../../api/database/database';
import { UserService } from '../../api/users/userService';
import { databaseUrl } from '../support/globalSetup';
import { TEST_DATABASE_PREFIX, needsServers, testServices } from '../support/testServices';
import { startTestApp, type TestApp } from '../support/testApp';
import type { ClientRecord } from '../../shared/entities/client';

/**
 * French alphabetical order: accents and case ignored at the first level, then the
 * first name; the same on PGlite, on the test server (byte-order C.UTF-8) and on a server whose
 * default collation is Danish ICU (which puts Ø, and "aa" read as Å, after Z: an ORDER BY on the
 * plain column, or on the key without its byte-order collation, would).
 */

// Created in this order on purpose: the same last names come in reverse first-name order.
const CLIENTS: Array<[string, string | null]> = [
  ['Zola', 'Émile'],
  ['Martin', 'Zoé'],
  ['Bonnet', 'Paul'],
  ['Østergaard', 'Lars'],
  ['Bénard', 'Luc'],
  ['DUBREUIL', 'Marc'],
  ['Éluard', 'Paul'],
  ['Bernard', 'Anne'],
  ['Àlvarez', 'Rosa'],
  ['David', 'Jean'],
  ['Martin', 'anne'],
  ['Ébrard', 'Lise'],
  ['Œuvray', 'Chloé'],
  ['Bertrand', null],
  ['Blanc', 'Hugo'],
  ['André', 'Marie'],
  ['Bellec', 'Yann'],
  ['De La Tour', 'Anne'],
  ['De', 'Zoé'],
  ['Roux', 'Marie'],
  ['Abel', 'Marie Claire'],
  // Danish collations read "aa" as "å", after "z": a key compared through one would move them.
  ['Aalto', 'Aase'],
];

const FRENCH_ORDER = [
  'Aalto Aase',
  'Abel Marie Claire',
  'Àlvarez Rosa',
  'André Marie',
  'Bellec Yann',
  'Bénard Luc',
  'Bernard Anne',
  'Bertrand',
  'Blanc Hugo',
  'Bonnet Paul',
  'David Jean',
  'De Zoé',
  'De La Tour Anne',
  'DUBREUIL Marc',
  'Ébrard Lise',
  'Éluard Paul',
  'Martin anne',
  'Martin Zoé',
  'Œuvray Chloé',
  'Østergaard Lars',
  'Roux Marie',
  'Zola Émile',
];

/**
 * The clients sorted by first name, in French order: accents and case ignored, equal first
 * names in the order they were created; no first name last. "Marie" before "Marie Claire".
 */
const FIRST_NAME_ORDER = [
  'Aalto Aase',
  'Bernard Anne',
  'Martin anne',
  'De La Tour Anne',
  'Œuvray Chloé',
  'Zola Émile',
  'Blanc Hugo',
  'David Jean',
  'Østergaard Lars',
  'Ébrard Lise',
  'Bénard Luc',
  'DUBREUIL Marc',
  'André Marie',
  'Roux Marie',
  'Abel Marie Claire',
  'Bonnet Paul',
  'Éluard Paul',
  'Àlvarez Rosa',
  'Bellec Yann',
  'Martin Zoé',
  'De Zoé',
  'Bertrand',
];

/** Advisors sorted by first name: first name, then last name, each compared whole (an empty first name first). */
const ADVISOR_FIRST_NAME_ORDER = [
  'Bertrand',
  'Aalto Aase',
  'Bernard Anne',
  'De La Tour Anne',
  'Martin anne',
  'Œuvray Chloé',
  'Zola Émile',
  'Blanc Hugo',
  'David Jean',
  'Østergaard Lars',
  'Ébrard Lise',
  'Bénard Luc',
  'DUBREUIL Marc',
  'André Marie',
  'Roux Marie',
  'Abel Marie Claire',
  'Bonnet Paul',
  'Éluard Paul',
  'Àlvarez Rosa',
  'Bellec Yann',
  'De Zoé',
  'Martin Zoé',
];

const nameOf = (row: { lastName: string; firstName?: string | null }) => [row.lastName, row.firstName].filter(Boolean).join(' ');
const ALL = { start: 0, end: 99 };

/** Seeds the names above as clients (with one commission line each), advisors and users, and reads every list back. */
async function listsInFrenchOrderOn(knex: Knex) {
  for (const [lastName, firstName] of CLIENTS) {
    const [{ id }] = await knex('clients').insert({ last_name: lastName, first_name: firstName }).returning('id');
    await knex('contracts').insert({ contract_number: `K-${id}`, client_id: id });
    await knex('commissions').insert({ client_id: id, date: '2026-01-01', amount: 1, client_name: [lastName, firstName].filter(Boolean).join(' '), source: 'manual' });
    await knex('advisors')
      .insert({ last_name: lastName, first_name: firstName ?? '' })
      .onConflict()
      .ignore();
    await knex('users').insert({ email: `${crypto.randomUUID()}@t.fr`, full_name: [lastName, firstName].filter(Boolean).join(' '), role: 'support', password_hash: 'x' });
  }
  const clients = new ClientService(knex, new AuditTrail(knex));
  const asc = await clients.list({ sort: { field: 'lastName', order: 'ASC' }, range: ALL, filter: {} });
  const desc = await clients.list({ sort: { field: 'lastName', order: 'DESC' }, range: ALL, filter: {} });
  // A page in the middle, as the pager asks for it.
  const page = await clients.list({ sort: { field: 'lastName', order: 'ASC' }, range: { start: 3, end: 5 }, filter: {} });
  const byFirstName = await clients.list({ sort: { field: 'firstName', order: 'ASC' }, range: ALL, filter: {} });
  const byFirstNameDesc = await clients.list({ sort: { field: 'firstName', order: 'DESC' }, range: ALL, filter: {} });
  const firstNamePage = await clients.list({ sort: { field: 'firstName', order: 'ASC' }, range: { start: 10, end: 13 }, filter: {} });
  // With a search, the list takes another reading path: the same order.
  const firstNameSearch = await clients.list({ sort: { field: 'firstName', order: 'ASC' }, range: ALL, filter: { q: 'marie' } });
  const advisors = await new AdvisorService(knex).list({ sort: { field: 'lastName', order: 'ASC' }, range: ALL, filter: {} });
  const advisorsByFirstName = await new AdvisorService(knex).list({ sort: { field: 'firstName', order: 'ASC' }, range: ALL, filter: {} });
  const advisorsByFirstNameDesc = await new AdvisorService(knex).list({ sort: { field: 'firstName', order: 'DESC' }, range: ALL, filter: {} });
  const users = await new UserService(knex).list({ sort: { field: 'fullName', order: 'ASC' }, range: ALL, filter: {} });
  const commissions = await new CommissionService(knex).list({ sort: { field: 'clientName', order: 'ASC' }, range: ALL, filter: {} });
  // The Client columns of the contracts and commissions lists sort on the name they show.
  const contracts = await new ContractService(knex).list({ sort: { field: 'clientId', order: 'ASC' }, range: ALL, filter: {} } as never);
  const commissionsByClient = await new CommissionService(knex).list({ sort: { field: 'clientId', order: 'ASC' }, range: ALL, filter: {} });
  const clientNameById = new Map(asc.rows.map((row) => [row.id, nameOf(row)]));
  return {
    clients: asc.rows.map(nameOf),
    clientsDesc: desc.rows.map(nameOf),
    page: page.rows.map(nameOf),
    byFirstName: byFirstName.rows.map(nameOf),
    byFirstNameDesc: byFirstNameDesc.rows.map(nameOf),
    firstNamePage: firstNamePage.rows.map(nameOf),
    firstNameSearch: firstNameSearch.rows.map(nameOf),
    advisors: advisors.rows.map((row) => nameOf(row)),
    advisorsByFirstName: advisorsByFirstName.rows.map((row) => nameOf(row)),
    advisorsByFirstNameDesc: advisorsByFirstNameDesc.rows.map((row) => nameOf(row)),
    users: users.rows.map((row) => row.fullName).filter((name: string) => !['Anne Admin', 'Serge Support'].includes(name)),
    commissions: commissions.rows.map((row) => row.clientName),
    commissionsByClient: commissionsByClient.rows.map((row) => row.clientName),
    contracts: contracts.rows.map((row) => clientNameById.get(row.clientId!)),
  };
}

function expectFrenchOrder(lists: Awaited<ReturnType<typeof listsInFrenchOrderOn>>) {
  expect(lists.clients).toEqual(FRENCH_ORDER);
  expect(lists.clientsDesc).toEqual([...FRENCH_ORDER].reverse());
  expect(lists.page).toEqual(FRENCH_ORDER.slice(3, 6));
  expect(lists.advisors).toEqual(FRENCH_ORDER);
  expect(lists.byFirstName).toEqual(FIRST_NAME_ORDER);
  expect(lists.byFirstNameDesc).toEqual([...FIRST_NAME_ORDER].reverse());
  expect(lists.firstNamePage).toEqual(FIRST_NAME_ORDER.slice(10, 14));
  expect(lists.firstNameSearch).toEqual(['André Marie', 'Roux Marie', 'Abel Marie Claire']);
  expect(lists.advisorsByFirstName).toEqual(ADVISOR_FIRST_NAME_ORDER);
  expect(lists.advisorsByFirstNameDesc).toEqual([...ADVISOR_FIRST_NAME_ORDER].reverse());
  // A user's full name and a commission's client snapshot are one string: "De La Tour Anne" and
  // "De Zoé" compare word by word there, as a reader of that one column would expect.
  const oneString = FRENCH_ORDER.filter((name) => name !== 'De Zoé');
  oneString.splice(oneString.indexOf('De La Tour Anne') + 1, 0, 'De Zoé');
  expect(lists.users).toEqual(oneString);
  expect(lists.commissions).toEqual(oneString);
  expect(lists.commissionsByClient).toEqual(oneString);
  expect(lists.contracts).toEqual(FRENCH_ORDER);
}

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe.each([
  ['the embedded database (PGlite)', true],
  ['the PostgreSQL server', false],
])('French order on %s', (_label, embedded) => {
  it('sorts clients, advisors, users and commissions by client name in French order', async () => {
    const app = await startTestApp({ embedded });
    apps.push(app);
    if (!embedded) expect(app.db.embedded).toBe(false);
    expectFrenchOrder(await listsInFrenchOrderOn(app.db.knex));

    // Through the HTTP API and react-admin's REST client, default sort (the list's and the exports' order).
    const provider = app.dataProvider(await app.login('admin'));
    const { data } = await provider.getList('clients', { pagination: { page: 1, perPage: 100 }, sort: { field: 'lastName', order: 'ASC' }, filter: {} });
    expect(data.map(nameOf)).toEqual(FRENCH_ORDER);
    const defaultSort = await app.request('/api/clients?range=[0,99]', { cookie: await app.login('admin') });
    expect(((await defaultSort.json()) as ClientRecord[]).map(nameOf)).toEqual(FRENCH_ORDER);
    const byFirstName = await provider.getList('clients', { pagination: { page: 1, perPage: 100 }, sort: { field: 'firstName', order: 'ASC' }, filter: {} });
    expect(byFirstName.data.map(nameOf)).toEqual(FIRST_NAME_ORDER);
  });

  it('sorts clients, contracts and commissions by their advisor’s name as the lists show it, first name first', async () => {
    const app = await startTestApp({ embedded });
    apps.push(app);
    const knex = app.db.knex;
    // Shown "Karim Benali", "Émile Ozanne", "anne Zola": by first name, unlike their last names.
    const advisors = await knex('advisors')
      .insert([
        { first_name: 'Karim', last_name: 'Benali' },
        { first_name: 'Émile', last_name: 'Ozanne' },
        { first_name: 'anne', last_name: 'Zola' },
      ])
      .returning('id');
    for (const [i, advisor] of advisors.entries()) {
      const [{ id }] = await knex('clients')
        .insert({ last_name: `Client${i}`, advisor_id: advisor.id })
        .returning('id');
      const [contract] = await knex('contracts')
        .insert({ contract_number: `ADV-${i}`, client_id: id, advisor_id: advisor.id })
        .returning('id');
      await knex('commissions').insert({ contract_id: contract.id, client_id: id, advisor_id: advisor.id, date: '2026-01-01', amount: 1, source: 'manual' });
    }
    const expected = [advisors[2].id, advisors[1].id, advisors[0].id];
    const advisorIds = async (service: { list(query: never): Promise<{ rows: Array<{ advisorId: number | null }> }> }, order: 'ASC' | 'DESC') =>
      (await service.list({ sort: { field: 'advisorId', order }, range: ALL, filter: {} } as never)).rows.map((row) => row.advisorId);
    for (const service of [new ClientService(knex, new AuditTrail(knex)), new ContractService(knex), new CommissionService(knex)]) {
      expect(await advisorIds(service as never, 'ASC'), service.constructor.name).toEqual(expected);
      expect(await advisorIds(service as never, 'DESC'), service.constructor.name).toEqual([...expected].reverse());
    }
  });
});

describe('French order whatever the server’s default collation', () => {
  it('gives the same order on a database whose default collation is Danish (ICU da-DK)', needsServers('postgres'), async () => {
    const adminUrl = testServices.postgresAdminUrl!;
    const name = `${TEST_DATABASE_PREFIX}da_${crypto.randomBytes(4).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ?? TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'da-DK'`, [name]);
    const db = await openDatabase({ databaseUrl: databaseUrl(adminUrl, name) });
    try {
      await migrateToLatest(db.knex);
      // The premise: this server's own order is not French (Ø, and "aa" even in lower case, sort after Z in Danish).
      const naive = await db.knex.raw(`SELECT x FROM unnest(ARRAY['Zola', 'Østergaard', 'Olsen', 'aalto']) x ORDER BY x`);
      expect(naive.rows.map((r: { x: string }) => r.x)).toEqual(['Olsen', 'Zola', 'Østergaard', 'aalto']);
      expectFrenchOrder(await listsInFrenchOrderOn(db.knex));
    } finally {
      await db.close();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await admin.destroy();
    }
  });

  it('reads the default page and the sorted pages through the sort-key index', needsServers('postgres'), async () => {
    const app = await startTestApp();
    apps.push(app);
    const { knex } = app.db;
    await knex.raw(`INSERT INTO clients (last_name, first_name) SELECT 'Nom' || g, 'Prénom' || g FROM generate_series(1, 20000) g`);
    await knex.raw('ANALYZE clients');
    for (const order of ['ASC', 'DESC']) {
      const plan = await knex.raw(`EXPLAIN SELECT c.* FROM clients c ORDER BY c.sort_key ${order}, c.id ${order} LIMIT 25 OFFSET 100`);
      expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan (Backward )?using clients_sort_key/);
    }
  });
});
