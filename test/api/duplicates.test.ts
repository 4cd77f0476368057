import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeClients, upsertClients } from '../../statements/writer/writeClients';
import type { StatementLine } from '../../statements/verdicts/statementRow';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Duplicate clients: the "Doublons potentiels" groups, "Pas un doublon", the merge
 * (everything moves, nothing is lost) and the absorbed numbers as aliases, for search, creation
 * and an import in progress.
 */
let app: TestApp;
let admin: string;
let support: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin');
  support = await app.login('support');
});
afterAll(() => app?.close());

async function createClient(body: Record<string, unknown>): Promise<number> {
  const response = await app.request('/api/clients', { method: 'POST', cookie: admin, body });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()).id;
}
async function groups(query = '') {
  const response = await app.request(`/api/duplicates${query}`, { cookie: admin });
  expect(response.status).toBe(200);
  return {
    total: response.headers.get('content-range'),
    rows: (await response.json()) as Array<{ id: string; score: number; reasons: string[]; clientIds: number[]; clients: Array<Record<string, unknown>> }>,
  };
}
const groupOf = (rows: Awaited<ReturnType<typeof groups>>['rows'], id: number) => rows.find((g) => g.clientIds.includes(id));

describe('Doublons potentiels', () => {
  let elodie1: number, elodie2: number, agnes1: number, agnes2: number, jean: number, sylvie: number, lefevre1: number, lefevre2: number;
  let advisor: number;

  beforeAll(async () => {
    [{ id: advisor }] = await app.db.knex('advisors').insert({ first_name: 'Claire', last_name: 'Fontaine' }).returning('id');
    elodie1 = await createClient({ lastName: 'André', firstName: 'Élodie', clientNumber: 'AX-100', email: 'elodie.andre@exemple.fr', advisorId: advisor });
    elodie2 = await createClient({ lastName: 'ANDRE', firstName: 'Elodie', clientNumber: 'GEN-7', email: 'Elodie.Andre@exemple.fr', phone: '06 11 22 33 44' });
    agnes1 = await createClient({ lastName: 'Vincent', firstName: 'Agnès', clientNumber: 'AX-200' });
    agnes2 = await createClient({ lastName: 'Agnes', firstName: 'VINCENT', clientNumber: 'GEN-8' });
    jean = await createClient({ lastName: 'Martin', firstName: 'Jean', email: 'famille.martin@exemple.fr', phone: '0611111111' });
    sylvie = await createClient({ lastName: 'Martin', firstName: 'Sylvie', email: 'famille.martin@exemple.fr', phone: '0611111111' });
    lefevre1 = await createClient({ lastName: 'Lefèvre', firstName: 'Jean-Pierre' });
    lefevre2 = await createClient({ lastName: 'Le Fèvre', firstName: 'Jean Pierre' });
  });

  it('groups probable duplicates with their score and reasons, strongest first, never a family sharing an email', async () => {
    const { rows, total } = await groups();
    expect(total).toBe('duplicates 0-2/3');
    expect(rows.map((g) => g.clientIds)).toEqual([
      [elodie1, elodie2],
      [lefevre1, lefevre2],
      [agnes1, agnes2],
    ]);
    expect(rows[0]).toMatchObject({ id: `${elodie1}-${elodie2}`, score: 85, reasons: ['same_name', 'same_email'] });
    expect(rows[2].reasons).toEqual(['swapped_names']);
    expect(rows[0].clients.map((c) => c.clientNumber)).toEqual(['AX-100', 'GEN-7']);
    expect(groupOf(rows, jean)).toBeUndefined();
    expect(groupOf(rows, sylvie)).toBeUndefined();
  });

  it('filters by minimal score and by advisor, and paginates', async () => {
    expect((await groups('?filter=' + encodeURIComponent('{"minScore":80}'))).rows.map((g) => g.id)).toEqual([`${elodie1}-${elodie2}`]);
    expect((await groups('?filter=' + encodeURIComponent(`{"advisorId":${advisor}}`))).rows.map((g) => g.id)).toEqual([`${elodie1}-${elodie2}`]);
    const second = await groups('?range=' + encodeURIComponent('[1,1]'));
    expect(second.total).toBe('duplicates 1-1/3');
    expect(second.rows.map((g) => g.id)).toEqual([`${lefevre1}-${lefevre2}`]);
  });

  it('a client changed after the last read is rescored on the next read', async () => {
    await app.request(`/api/clients/${agnes2}`, { method: 'PUT', cookie: admin, body: { phone: '0699999999' } });
    await app.request(`/api/clients/${agnes1}`, { method: 'PUT', cookie: admin, body: { phone: '06 99 99 99 99' } });
    expect(groupOf((await groups()).rows, agnes1)).toMatchObject({ score: 80, reasons: ['swapped_names', 'same_phone'] });
  });

  it('refuses bad filters and group ids with a French 400', async () => {
    for (const query of ['?filter=' + encodeURIComponent('{"minScore":101}'), '?filter=' + encodeURIComponent('{"other":1}'), '?sort=' + encodeURIComponent('["lastName","ASC"]')]) {
      const response = await app.request(`/api/duplicates${query}`, { cookie: admin });
      expect(response.status).toBe(400);
      expect((await response.json()).message).toMatch(/[A-Za-zé]/);
    }
    for (const id of ['12', 'abc', '5-3', '1-1', '0-4', '1-99999999999']) {
      const response = await app.request(`/api/duplicates/${id}/dismiss`, { method: 'POST', cookie: admin });
      expect(response.status, id).toBe(400);
      expect((await response.json()).message).toMatch(/Identifiant de groupe invalide/);
    }
    expect((await app.request('/api/duplicates/2147483640-2147483641/dismiss', { method: 'POST', cookie: admin })).status).toBe(404);
  });

  it('"Pas un doublon" is for admins, and a dismissed pair never comes back, even after a change', async () => {
    const id = `${lefevre1}-${lefevre2}`;
    expect((await app.request(`/api/duplicates/${id}/dismiss`, { method: 'POST', cookie: support })).status).toBe(403);
    const response = await app.request(`/api/duplicates/${id}/dismiss`, { method: 'POST', cookie: admin });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, clientIds: [lefevre1, lefevre2], dismissed: true });
    expect(groupOf((await groups()).rows, lefevre1)).toBeUndefined();
    await app.request(`/api/clients/${lefevre2}`, { method: 'PUT', cookie: admin, body: { email: 'jp@exemple.fr' } });
    await app.request(`/api/clients/${lefevre1}`, { method: 'PUT', cookie: admin, body: { email: 'JP@exemple.fr' } });
    expect(groupOf((await groups('?filter=' + encodeURIComponent('{"minScore":0}'))).rows, lefevre1)).toBeUndefined();
  });

  it('answers one group by id with its clients, 404 once a client is gone', async () => {
    const response = await app.request(`/api/duplicates/${elodie1}-${elodie2}`, { cookie: admin });
    expect(response.status).toBe(200);
    expect((await response.json()).clients.map((c: { id: number }) => c.id)).toEqual([elodie1, elodie2]);
  });
});

describe('merge', () => {
  let kept: number, source: number, other: number, importId: number;
  const commissionTotals = async () => (await app.db.knex('commissions').select(app.db.knex.raw('count(*)::int AS n, sum(amount)::text AS total')).first()) as { n: number; total: string };

  beforeAll(async () => {
    kept = await createClient({ lastName: 'Durand', firstName: 'Hugo', clientNumber: 'MAIF-1' });
    source = await createClient({ lastName: 'DURAND', firstName: 'Hugo', clientNumber: 'AXA-9', email: 'hugo.durand@exemple.fr', address: '1 rue Haute, Lyon' });
    other = await createClient({ lastName: 'Durand', firstName: 'hugo', phone: '0655443322' });
    const contracts = await app.db
      .knex('contracts')
      .insert([
        { contract_number: 'C-K1', client_id: kept },
        { contract_number: 'C-S1', client_id: source },
        { contract_number: 'C-S2', client_id: source },
        { contract_number: 'C-O1', client_id: other },
      ])
      .returning(['id', 'client_id']);
    await app.db.knex('commissions').insert(
      contracts.flatMap((c: { id: number; client_id: number }, i: number) => [
        { contract_id: c.id, client_id: c.client_id, date: '2026-10-01', amount: `${100 + i}.15`, client_number: 'snapshot', client_name: 'Snapshot' },
        { contract_id: c.id, client_id: c.client_id, date: '2026-11-01', amount: '-12.30', client_number: 'snapshot', client_name: 'Snapshot' },
      ]),
    );
    // An import that filed the source (created) and the kept client (unchanged), still running.
    [{ id: importId }] = await app.db
      .knex('statement_imports')
      .insert({ file_name: 'axa.xlsx', file_size: 1, sha256: 'x', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]', status: 'running' })
      .returning('id');
    await app.db.knex('statement_import_clients').insert([
      { import_id: importId, client_id: source, outcome: 'created' },
      { import_id: importId, client_id: kept, outcome: 'unchanged' },
    ]);
  });

  const merge = (id: number | string, body: unknown, cookie = admin) => app.request(`/api/clients/${id}/merge`, { method: 'POST', cookie, body });

  it('refuses bad requests with a French 400 or 404 and changes nothing', async () => {
    const cases: Array<[number | string, unknown, number]> = [
      [kept, { sourceIds: [kept] }, 400],
      [kept, { sourceIds: [source, source] }, 400],
      [kept, { sourceIds: [] }, 400],
      [kept, { sourceIds: ['abc'] }, 400],
      [kept, { sourceIds: [2147483648] }, 400],
      [kept, { sourceIds: [source], values: { createdAt: '2020-01-01' } }, 400],
      [kept, { sourceIds: [source], values: { email: 'pas-un-email' } }, 400],
      [kept, { sourceIds: [source], other: 1 }, 400],
      [kept, 'not json', 400],
      [kept, { sourceIds: [2147483000] }, 404],
      [2147483000, { sourceIds: [source] }, 404],
      [kept, { sourceIds: [source], values: { clientNumber: null } }, 400],
    ];
    for (const [id, body, status] of cases) {
      const response = await merge(id, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await response.json()).message).toMatch(/[a-zé]/);
    }
    expect((await merge(kept, { sourceIds: [source] }, support)).status).toBe(403);
    expect(Number((await app.db.knex('clients').whereIn('id', [kept, source, other]).count({ n: '*' }).first())?.n)).toBe(3);
    expect(Number((await app.db.knex('audit_entries').where('action', 'merge').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('moves every contract, commission and import link to the kept client, loses nothing, and records the before state', async () => {
    const before = await commissionTotals();
    const keptBefore = await app.db.knex('commissions').whereIn('client_id', [kept, source, other]).sum({ total: 'amount' }).first();
    const response = await merge(kept, { sourceIds: [source, other], values: { email: 'hugo.durand@exemple.fr', phone: '+33655443322', address: '1 rue Haute, Lyon' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: kept, clientNumber: 'MAIF-1', email: 'hugo.durand@exemple.fr', phone: '+33655443322', aliases: ['AXA-9'], mergedIds: [source, other] });

    expect(await commissionTotals()).toEqual(before);
    expect(await app.db.knex('commissions').where('client_id', kept).sum({ total: 'amount' }).first()).toEqual(keptBefore);
    expect(Number((await app.db.knex('commissions').where('client_id', kept).count({ n: '*' }).first())?.n)).toBe(8);
    expect(await app.db.knex('commissions').where('client_id', kept).distinct('client_number').pluck('client_number')).toEqual(['snapshot']);
    expect(await app.db.knex('contracts').where('client_id', kept).orderBy('contract_number').pluck('contract_number')).toEqual(['C-K1', 'C-O1', 'C-S1', 'C-S2']);
    expect(Number((await app.db.knex('clients').whereIn('id', [source, other]).count({ n: '*' }).first())?.n)).toBe(0);
    expect(await app.db.knex('statement_import_clients').where('import_id', importId).select('client_id', 'outcome')).toEqual([{ client_id: kept, outcome: 'created' }]);

    const history = await (await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId: kept, action: 'merge' }))}`, { cookie: admin })).json();
    const entry = history.find((e: { recordId: number }) => e.recordId === kept);
    expect(entry.changes.mergedClients.before.map((c: { id: number; clientNumber: string | null }) => [c.id, c.clientNumber])).toEqual([
      [source, 'AXA-9'],
      [other, null],
    ]);
    expect(entry.changes.email).toEqual({ before: null, after: 'hugo.durand@exemple.fr' });
    expect(entry.changes.contracts.before).toHaveLength(3);
    // The absorbed clients' own history is part of the kept client's.
    const all = await (await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId: kept }))}`, { cookie: admin })).json();
    expect(
      all
        .filter((e: { action: string; recordId: number }) => e.action === 'create')
        .map((e: { recordId: number }) => e.recordId)
        .sort(),
    ).toEqual([kept, source, other].sort());
  });

  it('keeps the absorbed number findable: search finds the kept client, creation refuses it naming the holder', async () => {
    const search = await (await app.request(`/api/clients?filter=${encodeURIComponent('{"q":"axa-9"}')}`, { cookie: admin })).json();
    expect(search.map((c: { id: number }) => c.id)).toEqual([kept]);
    expect((await (await app.request(`/api/clients/${kept}`, { cookie: admin })).json()).aliases).toEqual(['AXA-9']);
    const create = await app.request('/api/clients', { method: 'POST', cookie: admin, body: { lastName: 'Nouveau', clientNumber: 'axa-9' } });
    expect(create.status).toBe(409);
    expect((await create.json()).message).toMatch(/DURAND Hugo, MAIF-1/);
    const elodie = (await app.db.knex('clients').where('client_number', 'AX-100').first()).id;
    const rename = await app.request(`/api/clients/${elodie}`, { method: 'PUT', cookie: admin, body: { clientNumber: 'AXA-9' } });
    expect(rename.status).toBe(409);
  });

  it('a later batch of an import in progress that still uses the old number updates the kept client', async () => {
    const line = { clientNumber: 'Axa-9', lastName: 'Durand', firstName: 'Hugo', email: null, phone: null, address: '2 place Neuve, Lyon', advisor: null } as unknown as StatementLine;
    const { stored } = await app.db.knex.transaction((trx) => upsertClients(trx, { importId, actor: { userId: null, label: 'import' } }, mergeClients([{ row: 5, line }]), () => null));
    expect(stored.get('axa-9')?.id).toBe(kept);
    expect(Number((await app.db.knex('clients').where('client_number_key', 'axa-9').count({ n: '*' }).first())?.n)).toBe(0);
    expect(await app.db.knex('clients').where('id', kept).first()).toMatchObject({ client_number: 'MAIF-1', address: '2 place Neuve, Lyon' });
  });

  it('409 when a source is merged away concurrently: exactly one of two merges wins', async () => {
    const a = await createClient({ lastName: 'Robin', firstName: 'Léa', clientNumber: 'R-1' });
    const b = await createClient({ lastName: 'Robin', firstName: 'Lea', clientNumber: 'R-2' });
    const c = await createClient({ lastName: 'ROBIN', firstName: 'Léa', clientNumber: 'R-3' });
    const statuses = (await Promise.all([merge(a, { sourceIds: [b] }), merge(c, { sourceIds: [b] })])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(Number((await app.db.knex('client_aliases').where('client_number', 'R-2').count({ n: '*' }).first())?.n)).toBe(1);
  });
});

describe('import summary', () => {
  it('counts the new clients of an import that look like existing ones, and the list narrows to them', async () => {
    const existing = await createClient({ lastName: 'Bonnet', firstName: 'Chloé', clientNumber: 'OLD-55', email: 'chloe.bonnet@exemple.fr' });
    const fresh = await createClient({ lastName: 'BONNET', firstName: 'Chloe', clientNumber: 'NEW-55', email: 'chloe.bonnet@exemple.fr' });
    const freshAlone = await createClient({ lastName: 'Unique', firstName: 'Zoé', clientNumber: 'NEW-56' });
    const [{ id: importId }] = await app.db
      .knex('statement_imports')
      .insert({ file_name: 'gen.xlsx', file_size: 1, sha256: 'y', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]', status: 'completed' })
      .returning('id');
    await app.db.knex('statement_import_clients').insert([
      { import_id: importId, client_id: fresh, outcome: 'created' },
      { import_id: importId, client_id: freshAlone, outcome: 'created' },
      { import_id: importId, client_id: existing, outcome: 'unchanged' },
    ]);

    const filter = encodeURIComponent(JSON.stringify({ importId }));
    const summary = await app.request(`/api/duplicates/summary?filter=${filter}`, { cookie: support });
    expect(summary.status).toBe(200);
    expect(await summary.json()).toEqual({ importId, newClientsLikeExisting: 1, minScore: 50 });
    const listed = await groups(`?filter=${filter}`);
    expect(listed.rows.map((g) => g.clientIds)).toEqual([[existing, fresh]]);
    const missing = await app.request('/api/duplicates/summary', { cookie: admin });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/Précisez l’import/);
  });
});
