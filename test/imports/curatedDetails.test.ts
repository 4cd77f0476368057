import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import { importLimits, recordImport } from './importFixtures';
import { NBSP, statementOf } from './statementFiles';

/**
 * A statement that spells a client's details otherwise (capitals, no accents, other spacing or
 * hyphens) never replaces the firm's spelling, in the client nor in the commissions' snapshots;
 * a real change still updates the client, and the import lists the clients it changed, field by
 * field, for the firm to review.
 */
const HEADER = ['N° client', 'Nom', 'Prénom', 'E-mail', 'Adresse', 'N° de contrat', 'Date', 'Montant'];

describe.each(DATABASES)('curated client details on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startAppWithImports({ embedded });
    admin = await app.login('admin');
  }, 180_000);
  afterAll(() => app?.close());

  const run = async (rows: unknown[][], batchRows?: number) => {
    const record = await recordImport(app.db.knex, await statementOf('Commissions', [], HEADER, rows as never));
    expect(await processStatementImport(record.id, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimits, batchRows })).toBe('completed');
    return record.id;
  };
  const getJson = async (path: string) => {
    const response = await app.request(path, { cookie: admin });
    expect(response.status, path).toBe(200);
    return { body: await response.json(), range: response.headers.get('content-range') };
  };

  it('keeps the stored spelling of names, address and e-mail that differ only by case, accents or spacing', async () => {
    const [andre] = await app.db
      .knex('clients')
      .insert({ client_number: 'CUR-1', last_name: 'André', first_name: 'Jérôme', email: 'Jerome.Andre@Exemple.fr', address: '3 rue des Lilas\n44000 Nantes' })
      .returning('*');
    const [pierre] = await app.db.knex('clients').insert({ client_number: 'CUR-2', last_name: 'Le Gall', first_name: 'Jean-Pierre' }).returning('*');

    const importId = await run([
      ['CUR-1', 'ANDRE', 'JEROME', 'jerome.andre@exemple.fr', `3, RUE DES LILAS${NBSP}44000 NANTES`, 'CUR-C1', '01/03/2026', '10,00'],
      ['CUR-2', 'LEGALL', 'JEAN  PIERRE', null, null, 'CUR-C2', '01/03/2026', '20,00'],
    ]);

    // Untouched: no write at all (version, updated_at), no audit entry.
    expect(await app.db.knex('clients').where({ id: andre.id }).first()).toEqual(andre);
    expect(await app.db.knex('clients').where({ id: pierre.id }).first()).toEqual(pierre);
    expect(await app.db.knex('audit_entries').where({ import_id: importId }).count({ n: '*' }).first()).toEqual({ n: 0 });
    // The commissions' snapshots name the clients as the firm spells them.
    expect(await app.db.knex('commissions').where({ import_id: importId }).orderBy('import_row').pluck('client_name')).toEqual(['André Jérôme', 'Le Gall Jean-Pierre']);

    const { body } = await getJson(`/api/imports/${importId}`);
    expect(body).toMatchObject({ clientsCreated: 0, clientsUpdated: 0, clientsUnchanged: 2, changedClients: 0 });
    expect((await getJson(`/api/imports/${importId}/changed-clients`)).body).toEqual([]);
  });

  it('still applies a real change, and lists the client with the fields it changed, before and after', async () => {
    const [client] = await app.db.knex('clients').insert({ client_number: 'CUR-3', last_name: 'Bénard', first_name: 'Hugo', email: 'hugo@ancien.fr', address: '1 place du Marché' }).returning('*');
    // Two batches would merge their changes; one row each way here: an accent-only variant of the
    // name (kept), another e-mail and another address (applied).
    const importId = await run([['CUR-3', 'BENARD', 'Hugo', 'hugo@nouveau.fr', '12 avenue Foch', 'CUR-C3', '01/03/2026', '30,00']]);

    expect(await app.db.knex('clients').where({ id: client.id }).first()).toMatchObject({ last_name: 'Bénard', email: 'hugo@nouveau.fr', address: '12 avenue Foch', version: 2 });
    expect(await app.db.knex('statement_import_clients').where({ import_id: importId, client_id: client.id }).first()).toMatchObject({ outcome: 'updated', changed_fields: ['email', 'address'] });

    expect((await getJson(`/api/imports/${importId}`)).body).toMatchObject({ clientsUpdated: 1, clientsUnchanged: 0, changedClients: 1 });
    const listed = await getJson(`/api/imports/${importId}/changed-clients?range=[0,24]`);
    expect(listed.range).toBe('changed-clients 0-0/1');
    expect(listed.body).toEqual([
      {
        id: client.id,
        clientNumber: 'CUR-3',
        lastName: 'Bénard',
        firstName: 'Hugo',
        fields: [
          { field: 'email', before: 'hugo@ancien.fr', after: 'hugo@nouveau.fr' },
          { field: 'address', before: '1 place du Marché', after: '12 avenue Foch' },
        ],
      },
    ]);
    expect((await app.request('/api/imports/999999/changed-clients', { cookie: admin })).status).toBe(404);

    // Merged into another client since: the kept client is listed, with the absorbed one's changes.
    const [kept] = await app.db.knex('clients').insert({ client_number: 'CUR-3-KEPT', last_name: 'Bénard', first_name: 'Hugo' }).returning('id');
    const merged = await app.request(`/api/clients/${kept.id}/merge`, { method: 'POST', cookie: admin, body: { sourceIds: [client.id] } });
    expect(merged.status).toBe(200);
    expect((await getJson(`/api/imports/${importId}/changed-clients`)).body).toEqual([expect.objectContaining({ id: kept.id, clientNumber: 'CUR-3-KEPT', fields: listed.body[0].fields })]);
  });

  it('gathers what several batches changed on one client: the first value before, the last one after', async () => {
    const [client] = await app.db.knex('clients').insert({ client_number: 'CUR-4', last_name: 'Morel', email: 'a@exemple.fr', address: 'Rue A' }).returning('id');
    const importId = await run(
      [
        ['CUR-4', 'MOREL', null, 'b@exemple.fr', null, 'CUR-C4', '01/03/2026', '1'],
        ['CUR-4', 'Morel', null, 'c@exemple.fr', 'Rue B', 'CUR-C4', '02/03/2026', '2'],
      ],
      1,
    );
    expect((await getJson(`/api/imports/${importId}/changed-clients`)).body).toEqual([
      expect.objectContaining({
        id: client.id,
        fields: [
          { field: 'email', before: 'a@exemple.fr', after: 'c@exemple.fr' },
          { field: 'address', before: 'Rue A', after: 'Rue B' },
        ],
      }),
    ]);
    expect((await getJson(`/api/imports/${importId}`)).body).toMatchObject({ clientsUpdated: 1, clientsUnchanged: 0, changedClients: 1 });
  });
});
