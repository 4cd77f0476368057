import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * GET /api/retention-expired-clients: the clients with no active contract whose
 * relationship (latest contract end, latest commission line, or the record's creation for a
 * prospect) ended more than retentionYears years ago; anonymised clients excluded.
 */
let app: TestApp;
let adminCookie: string;
let supportCookie: string;
/** The firm's today minus 5 years, from the database (leap days included). */
let cutoff5: string;
const ids: Record<string, number> = {};
/** The clients past 5 years, by relationship end: 2015, 2016, 2018, six years ago, five years and a day ago. */
const OLDEST_FIRST = ['Échu', 'Sans date', 'Prospect ancien', 'Ancienne', 'Avant'];

const shiftDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const yearsAgo = async (years: number) => (await app.db.knex.raw('SELECT (firm_today() - make_interval(years => ?))::date AS d', [years])).rows[0].d as string;

const expired = async (query: Record<string, unknown> = {}, cookie = adminCookie) => {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)]));
  const response = await app.request(`/api/retention-expired-clients?${params}`, { cookie });
  return { status: response.status, body: await response.json(), contentRange: response.headers.get('content-range') };
};
const listedNames = async (query: Record<string, unknown> = {}) => (await expired({ range: [0, 99], ...query })).body.map((r: { lastName: string }) => r.lastName);
const setYears = (retentionYears: number) => app.request('/api/settings/personal-data', { method: 'PUT', cookie: adminCookie, body: { retentionYears } });

let contractNo = 0;
async function client(
  lastName: string,
  options: { number?: string; createdOn?: string; contracts?: Array<{ status: 'active' | 'terminated'; endDate: string | null; changedOn?: string }>; commissions?: string[] } = {},
) {
  const [{ id }] = await app.db
    .knex('clients')
    .insert({ last_name: lastName, first_name: 'Test', client_number: options.number ?? null, created_at: options.createdOn ?? app.db.knex.fn.now() })
    .returning('id');
  ids[lastName] = id;
  for (const contract of options.contracts ?? []) {
    await app.db.knex('contracts').insert({
      contract_number: `R-${++contractNo}`,
      client_id: id,
      status: contract.status,
      start_date: '2000-01-01',
      end_date: contract.endDate,
      updated_at: contract.changedOn ?? app.db.knex.fn.now(),
    });
  }
  for (const date of options.commissions ?? []) await app.db.knex('commissions').insert({ client_id: id, date, amount: '10.00', source: 'manual' });
  return id;
}

beforeAll(async () => {
  app = await startTestApp();
  adminCookie = await app.login('admin');
  supportCookie = await app.login('support');
  cutoff5 = await yearsAgo(5);
  // Contract ended the day before the 5-year boundary: past retention.
  await client('Avant', { number: 'N-3', contracts: [{ status: 'terminated', endDate: shiftDays(cutoff5, -1) }] });
  // Ended exactly 5 years ago today: the anniversary is still within retention.
  await client('Anniversaire', { contracts: [{ status: 'terminated', endDate: cutoff5 }] });
  // Ended the day after: within retention.
  await client('Après', { contracts: [{ status: 'terminated', endDate: shiftDays(cutoff5, 1) }] });
  // An active contract keeps the client, however old everything else is.
  await client('Actif', {
    createdOn: '2001-01-01',
    contracts: [
      { status: 'active', endDate: null },
      { status: 'terminated', endDate: '2005-01-01' },
    ],
    commissions: ['2005-01-01'],
  });
  // A recent commission line keeps a client whose contracts ended long ago.
  await client('Commission', { contracts: [{ status: 'terminated', endDate: '2010-06-30' }], commissions: ['2010-01-01', shiftDays(await yearsAgo(1), -30)] });
  // Its latest commission, 6 years ago, is its relationship's end: past retention.
  await client('Ancienne', { number: 'N-1', contracts: [{ status: 'terminated', endDate: '2012-03-31' }], commissions: ['2011-01-01', shiftDays(cutoff5, -365)] });
  // An 'active' contract whose end date has passed is not active.
  await client('Échu', { number: 'N-2', contracts: [{ status: 'active', endDate: '2015-12-31' }] });
  // Terminated with no end date: counts from its last change (the termination).
  await client('Sans date', { contracts: [{ status: 'terminated', endDate: null, changedOn: '2016-05-04T10:00:00Z' }] });
  // Prospects: no contract, no commission; from the record's creation.
  await client('Prospect ancien', { createdOn: '2018-02-01T09:00:00Z' });
  await client('Prospect récent');
  // Past retention but already anonymised: done, not listed.
  const erased = await client('Effacé', { contracts: [{ status: 'terminated', endDate: '2009-01-01' }] });
  await app.db.knex('clients').where({ id: erased }).update({ anonymised_at: app.db.knex.fn.now() });
});
afterAll(() => app?.close());

describe('GET /api/retention-expired-clients', () => {
  it('lists exactly the clients past retention, oldest relationship first, with the contract shape', async () => {
    const answer = await expired();
    expect(answer.status).toBe(200);
    expect(answer.body.map((r: { lastName: string }) => r.lastName)).toEqual(OLDEST_FIRST);
    const byName = Object.fromEntries(answer.body.map((r: { lastName: string }) => [r.lastName, r]));
    expect(answer.contentRange).toBe('retention-expired-clients 0-4/5');
    expect(byName.Ancienne).toEqual({
      id: ids.Ancienne,
      clientNumber: 'N-1',
      lastName: 'Ancienne',
      firstName: 'Test',
      relationshipEndedOn: shiftDays(cutoff5, -365),
      lastCommissionOn: shiftDays(cutoff5, -365),
      contractCount: 1,
    });
    expect(byName.Avant).toMatchObject({ relationshipEndedOn: shiftDays(cutoff5, -1), lastCommissionOn: null, contractCount: 1 });
    expect(byName['Échu']).toMatchObject({ relationshipEndedOn: '2015-12-31', contractCount: 1 });
    expect(byName['Sans date']).toMatchObject({ relationshipEndedOn: '2016-05-04' });
    expect(byName['Prospect ancien']).toMatchObject({ relationshipEndedOn: '2018-02-01', lastCommissionOn: null, contractCount: 0 });
  });

  it('sorts by relationshipEndedOn, lastName (French order) and clientNumber, and pages with Content-Range', async () => {
    expect(await listedNames({ sort: ['relationshipEndedOn', 'DESC'] })).toEqual([...OLDEST_FIRST].reverse());
    expect(await listedNames({ sort: ['lastName', 'ASC'] })).toEqual(['Ancienne', 'Avant', 'Échu', 'Prospect ancien', 'Sans date']);
    expect((await listedNames({ sort: ['clientNumber', 'ASC'] })).slice(0, 3)).toEqual(['Ancienne', 'Échu', 'Avant']);
    const page = await expired({ sort: ['lastName', 'ASC'], range: [1, 2] });
    expect(page.body.map((r: { lastName: string }) => r.lastName)).toEqual(['Avant', 'Échu']);
    expect(page.contentRange).toBe('retention-expired-clients 1-2/5');
    const past = await expired({ range: [10, 19] });
    expect(past.body).toEqual([]);
    expect(past.contentRange).toBe('retention-expired-clients */5');
    expect((await expired({ filter: { id: [ids.Avant, ids.Actif] } })).body.map((r: { id: number }) => r.id)).toEqual([ids.Avant]);
    expect((await expired({ sort: ['email', 'ASC'] })).status).toBe(400);
    expect((await expired({ filter: { q: 'x' } })).status).toBe(400);
  });

  it('moves the boundary with the retentionYears setting', async () => {
    onTestFinished(async () => void (await setYears(5)));
    expect((await setYears(10)).status).toBe(200);
    // Only what ended before today minus 10 years (Ancienne's contract ended in 2012, but its last commission is 6 years old).
    const cutoff10 = await yearsAgo(10);
    const ends: Record<string, string> = { Échu: '2015-12-31', 'Sans date': '2016-05-04', 'Prospect ancien': '2018-02-01' };
    expect(await listedNames()).toEqual(Object.keys(ends).filter((name) => ends[name] < cutoff10));
    expect((await setYears(1)).status).toBe(200);
    // One year: the recent commission (a year and a month ago) and the boundary clients are past too; active and brand-new ones are not.
    expect(await listedNames({ sort: ['lastName', 'ASC'] })).toEqual(['Ancienne', 'Anniversaire', 'Après', 'Avant', 'Commission', 'Échu', 'Prospect ancien', 'Sans date']);
    expect((await setYears(5)).status).toBe(200);
    expect(await listedNames({ sort: ['lastName', 'ASC'] })).toEqual(['Ancienne', 'Avant', 'Échu', 'Prospect ancien', 'Sans date']);
  });

  it('drops a client once it has a new active contract, or once anonymised', async () => {
    const [{ id: contractId }] = await app.db.knex('contracts').insert({ contract_number: 'R-new', client_id: ids.Avant, status: 'active' }).returning('id');
    expect(await listedNames()).not.toContain('Avant');
    await app.db.knex('contracts').where({ id: contractId }).del();
    expect(await listedNames()).toContain('Avant');
    await app.db.knex('clients').where({ id: ids['Échu'] }).update({ anonymised_at: app.db.knex.fn.now() });
    expect(await listedNames()).not.toContain('Échu');
  });

  it('is for admins only', async () => {
    expect((await expired({}, supportCookie)).status).toBe(403);
    expect((await app.request('/api/retention-expired-clients')).status).toBe(401);
  });
});
