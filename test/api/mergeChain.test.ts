import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeClients, upsertClients } from '../../statements/writer/writeClients';
import type { StatementLine } from '../../statements/verdicts/statementRow';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Merges in a chain: A is merged into B, later B into C. Everything A brought to B goes on to C:
 * A's number (B's alias) becomes C's alias beside B's own number, so that searching it, creating
 * a client with it, renaming one to it or importing a row with it all reach C; A's contracts,
 * commissions and history follow too. Nothing is left pointing at a client that no longer exists.
 */
describe.each(DATABASES)('a merge of a client that had absorbed others, on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  const id: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'other', number> = { a: 0, b: 0, c: 0, d: 0, e: 0, other: 0 };

  const createClient = async (body: Record<string, unknown>) => {
    const response = await app.request('/api/clients', { method: 'POST', cookie: admin, body });
    expect(response.status).toBe(201);
    return (await response.json()).id as number;
  };
  const merge = async (keptId: number, sourceIds: number[], values: Record<string, unknown> = {}) => {
    const response = await app.request(`/api/clients/${keptId}/merge`, { method: 'POST', cookie: admin, body: { sourceIds, values } });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
    return response.json();
  };
  const aliasesOf = async (clientId: number) => (await (await app.request(`/api/clients/${clientId}`, { cookie: admin })).json()).aliases as string[];
  const search = async (q: string) =>
    ((await (await app.request(`/api/clients?filter=${encodeURIComponent(JSON.stringify({ q }))}`, { cookie: admin })).json()) as Array<{ id: number }>).map((c) => c.id);

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
    id.a = await createClient({ lastName: 'Chaîne', firstName: 'Anne', clientNumber: 'CHA-A', email: 'anne.chaine@exemple.fr' });
    id.b = await createClient({ lastName: 'CHAINE', firstName: 'Anne', clientNumber: 'CHA-B' });
    id.c = await createClient({ lastName: 'Chaine', firstName: 'anne', clientNumber: 'CHA-C' });
    id.other = await createClient({ lastName: 'Voisin', firstName: 'Marc', clientNumber: 'VOI-1' });
    const [contract] = await app.db.knex('contracts').insert({ contract_number: 'CHA-K1', client_id: id.a }).returning('id');
    await app.db.knex('commissions').insert({ contract_id: contract.id, client_id: id.a, date: '2026-01-31', amount: '42.00', client_number: 'CHA-A', client_name: 'Chaîne Anne', source: 'manual' });

    const first = await merge(id.b, [id.a]);
    expect(first.aliases).toEqual(['CHA-A']);
  });
  afterAll(() => app?.close());

  it('carries the aliases of the absorbed survivor on to the new survivor, beside its own number', async () => {
    const second = await merge(id.c, [id.b]);
    expect(second).toMatchObject({ id: id.c, clientNumber: 'CHA-C', aliases: ['CHA-A', 'CHA-B'], mergedIds: [id.b] });
    expect(await aliasesOf(id.c)).toEqual(['CHA-A', 'CHA-B']);
    expect(await app.db.knex('client_aliases').whereIn('client_id', [id.a, id.b]).pluck('client_number')).toEqual([]);
    expect(await app.db.knex('client_aliases').where('client_number', 'CHA-A').pluck('client_id')).toEqual([id.c]);
    // The merge entry says which aliases the group held before.
    const entries = await (await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId: id.c, action: 'merge' }))}`, { cookie: admin })).json();
    const entry = entries.find((e: { recordId: number; changes: Record<string, unknown> }) => e.recordId === id.c && e.changes.mergedClients);
    expect(entry.changes.aliases).toEqual({ before: [{ client_id: id.b, client_number: 'CHA-A' }], after: ['CHA-A', 'CHA-B'] });
  });

  it('keeps the first absorbed number findable and taken: search, creation, renaming', async () => {
    expect(await search('cha-a')).toEqual([id.c]);
    expect(await search('CHA-B')).toEqual([id.c]);
    for (const clientNumber of ['CHA-A', 'cha-a', 'CHA-B']) {
      const created = await app.request('/api/clients', { method: 'POST', cookie: admin, body: { lastName: 'Nouveau', clientNumber } });
      expect(created.status, clientNumber).toBe(409);
      expect((await created.json()).message).toMatch(/CHA-C/);
      const renamed = await app.request(`/api/clients/${id.other}`, { method: 'PUT', cookie: admin, body: { clientNumber } });
      expect(renamed.status, clientNumber).toBe(409);
    }
  });

  it('routes an import row with the first absorbed number to the last survivor', async () => {
    const line = { clientNumber: 'Cha-A', lastName: 'Chaine', firstName: 'Anne', email: null, phone: null, address: '9 quai Bas, Lyon', advisor: null } as unknown as StatementLine;
    const [{ id: importId }] = await app.db
      .knex('statement_imports')
      .insert({ file_name: 'chaine.xlsx', file_size: 1, sha256: 'chaine', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]', status: 'running' })
      .returning('id');
    const { stored } = await app.db.knex.transaction((trx) => upsertClients(trx, { importId, actor: { userId: null, label: 'import' } }, mergeClients([{ row: 2, line }]), () => null));
    expect(stored.get('cha-a')?.id).toBe(id.c);
    expect(await app.db.knex('clients').where('id', id.c).first()).toMatchObject({ client_number: 'CHA-C', address: '9 quai Bas, Lyon' });
    expect(Number((await app.db.knex('clients').where('client_number_key', 'cha-a').count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('brings the first absorbed client’s contracts, commissions and history to the last survivor', async () => {
    expect(await app.db.knex('contracts').where('contract_number', 'CHA-K1').pluck('client_id')).toEqual([id.c]);
    expect(await app.db.knex('commissions').where('client_number', 'CHA-A').pluck('client_id')).toEqual([id.c]);
    expect(await app.db.knex('client_merges').orderBy('absorbed_id').select('absorbed_id', 'kept_id')).toEqual([
      { absorbed_id: id.a, kept_id: id.c },
      { absorbed_id: id.b, kept_id: id.c },
    ]);
    const history = await (await app.request(`/api/audit-entries?filter=${encodeURIComponent(JSON.stringify({ clientId: id.c }))}&range=[0,99]`, { cookie: admin })).json();
    const created = history.filter((e: { action: string }) => e.action === 'create').map((e: { recordId: number }) => e.recordId);
    expect(created.sort()).toEqual([id.a, id.b, id.c].sort());
  });

  it('moves every alias again when the survivor is absorbed in turn, the kept client taking an absorbed number', async () => {
    id.d = await createClient({ lastName: 'Chaine', firstName: 'Anne', clientNumber: 'CHA-D' });
    const third = await merge(id.d, [id.c], { clientNumber: 'CHA-C' });
    expect(third).toMatchObject({ id: id.d, clientNumber: 'CHA-C' });
    expect([...third.aliases].sort()).toEqual(['CHA-A', 'CHA-B', 'CHA-D']);
    expect(await search('cha-a')).toEqual([id.d]);
    // And a client merged into the survivor keeps the survivor's aliases where they are.
    id.e = await createClient({ lastName: 'Chaine', firstName: 'Anne', clientNumber: 'CHA-E' });
    const fourth = await merge(id.d, [id.e]);
    expect([...fourth.aliases].sort()).toEqual(['CHA-A', 'CHA-B', 'CHA-D', 'CHA-E']);
    expect(Number((await app.db.knex('client_aliases').count({ n: '*' }).first())!.n)).toBe(4);
  });
});
