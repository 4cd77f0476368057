import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { erasedClientError } from '../../statements/verdicts/rowVerdicts';
import { importLimits, recordImport } from '../imports/importFixtures';
import { DATABASES } from '../support/databases';
import { pausableKnex, waitingOnLocks } from '../support/pausableKnex';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import { needsServers, skippedWhen } from '../support/testServices';

const erasedClientMessage = (clientNumber: string) => erasedClientError(clientNumber).message;

/**
 * Personal data that survived an erasure: merged into an anonymised client, brought back by a
 * later statement (its rejected rows, downloadable as errors.xlsx), or written by an import
 * running while the client was anonymised (its later batches, its stored file). After an
 * anonymisation, nothing the database keeps holds what was erased, whatever ran at the same time.
 */
const logger = pino({ level: 'silent' });
const HEADER = ['N° client', 'Nom', 'Prénom', 'E-mail', 'Téléphone', 'N° de contrat', 'Date', 'Montant', 'Libellé', 'Remarque'];

/** Every text, json and array column of every table, and the stored files' bytes: where does `needle` appear? */
async function placesHolding(knex: Knex, needle: string): Promise<string[]> {
  const columns: Array<{ table_name: string; column_name: string }> = await knex('information_schema.columns as c')
    .join('information_schema.tables as t', function () {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereRaw('c.table_schema = current_schema()')
    .where('t.table_type', 'BASE TABLE')
    .whereIn('c.data_type', ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'])
    .select('c.table_name', 'c.column_name');
  const places: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await knex.raw('SELECT count(*)::int AS n FROM ?? WHERE ??::text ILIKE ?', [table_name, column_name, `%${needle}%`]);
    if (rows[0].n) places.push(`${table_name}.${column_name}`);
  }
  const files = Number((await knex('statement_file_chunks').count({ n: '*' }))[0].n);
  if (files) places.push(`statement_file_chunks (${files} chunks kept)`);
  return places;
}

async function statement(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(DATABASES)('erasure holes on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) => app.request(path, { method: 'POST', cookie: admin, body, headers });
  const createClient = async (body: Record<string, unknown>) => {
    const response = await post('/api/clients', body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number; version: number };
  };

  beforeAll(async () => {
    app = await startAppWithImports({ embedded });
    admin = await app.login('admin');
  });
  afterAll(() => app?.close());

  it('refuses to merge anything into an anonymised client, in French, and changes nothing', async () => {
    const kept = await createClient({ lastName: 'Effacé', clientNumber: 'ANO-1' });
    const duplicate = await createClient({ lastName: 'Revenant', firstName: 'Gaston', email: 'gaston.revenant@exemple.fr', phone: '06 44 55 66 77', clientNumber: 'ANO-2' });
    expect((await post(`/api/clients/${kept.id}/anonymise`)).status).toBe(200);
    const refused = await post(`/api/clients/${kept.id}/merge`, { sourceIds: [duplicate.id] });
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toBe(
      `Le client n° ${kept.id} a été anonymisé : aucun client ne peut plus être fusionné dans sa fiche, ce qui y ramènerait des données personnelles effacées. Conservez un autre client du groupe.`,
    );
    const english = await post(`/api/clients/${kept.id}/merge`, { sourceIds: [duplicate.id] }, { 'accept-language': 'en' });
    expect((await english.json()).message).toBe(
      `Client no. ${kept.id} was anonymised: no client can be merged into it any more, which would bring erased personal data back. Keep another client of the group.`,
    );
    expect(await app.db.knex('clients').where({ id: duplicate.id }).first()).toMatchObject({ last_name: 'Revenant', email: 'gaston.revenant@exemple.fr' });
    expect(await app.db.knex('client_aliases').where({ client_id: kept.id })).toEqual([]);
    // The other way round is fine: the anonymised client brings nothing personal.
    const merged = await post(`/api/clients/${duplicate.id}/merge`, { sourceIds: [kept.id] });
    expect(merged.status).toBe(200);
    expect((await merged.json()).aliases).toEqual(['ANO-1']);
  });

  it('rejects a later statement’s rows naming an anonymised client, keeping none of its personal values', async () => {
    const client = await createClient({ lastName: 'Oublié', firstName: 'Hortense', clientNumber: 'ERA-1', email: 'hortense.oublie@exemple.fr' });
    const absorbed = await createClient({ lastName: 'Oublié', firstName: 'Hortense', clientNumber: 'ERA-1B' });
    expect((await post(`/api/clients/${client.id}/merge`, { sourceIds: [absorbed.id] })).status).toBe(200);
    expect((await post(`/api/clients/${client.id}/anonymise`)).status).toBe(200);

    const file = await statement([
      ['ERA-1', 'Oublié', 'Hortense', 'hortense.neuve@exemple.fr', '06 11 22 33 44', 'CT-ERA', '01/10/2026', 120, 'Commission Hortense Oublié', 'rappeler Mme Oublié'],
      ['era-1b', 'Oublié', 'Hortense', 'hortense@@invalide', null, 'CT-ERA', '01/10/2026', 'abc', null, null],
      ['OTHER-1', 'Tiers', 'Paul', null, null, 'CT-OTHER', '01/10/2026', 50, 'Commission Tiers', null],
    ]);
    // The preview says so too (the preview and the import share their verdicts).
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'octobre.xlsx');
    const preview = await fetch(`${app.url}/api/imports/preview`, { method: 'POST', headers: { cookie: admin }, body: form });
    expect(preview.status).toBe(200);
    const previewed = await preview.json();
    expect(previewed.rows.map((row: { status: string }) => row.status)).toEqual(['rejected', 'rejected', 'line']);
    expect(previewed.rows[0].errors).toEqual([erasedClientError('ERA-1')]);

    const record = await recordImport(app.db.knex, file, { fileName: 'octobre.xlsx' });
    expect(await processStatementImport(record.id, { knex: app.db.knex, logger, limits: importLimits })).toBe('completed');
    const rejections = await app.db.knex('statement_import_rejections').where({ import_id: record.id }).orderBy('row');
    expect(rejections.map((r) => [r.row, r.cells, r.errors])).toEqual([
      [2, ['ERA-1', null, null, null, null, 'CT-ERA', '01/10/2026', 120, null, null], [erasedClientError('ERA-1')]],
      [3, ['era-1b', null, null, null, null, 'CT-ERA', '01/10/2026', 'abc', null, null], [erasedClientError('era-1b')]],
    ]);
    expect(await app.db.knex('commissions').where({ import_id: record.id }).pluck('label')).toEqual(['Commission Tiers']);
    // The report support downloads holds none of it either.
    const report = await app.request(`/api/imports/${record.id}/errors.xlsx`, { cookie: admin });
    expect(report.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const cells = JSON.stringify(workbook.worksheets[0].getSheetValues());
    for (const needle of ['Hortense', 'Oublié', 'hortense', '06 11', 'rappeler']) expect(cells, needle).not.toContain(needle);
    for (const needle of ['Hortense', 'hortense.neuve', 'hortense@@', '06 11 22 33 44', '0611223344', 'rappeler Mme']) expect(await placesHolding(app.db.knex, needle), needle).toEqual([]);
  });

  it('erases what an import running during the anonymisation wrote before, and writes none of it after', async () => {
    const client = await createClient({ lastName: 'Fugace', firstName: 'Ambroise', clientNumber: 'RUN-1', email: 'ambroise.fugace@exemple.fr' });
    // Batch 1 names the client (a line and a rejected row); batch 3 names it again, with values the
    // database never held (another email, an invalid phone, a remark).
    const rows: unknown[][] = [];
    for (let i = 0; i < 30; i++) {
      const ours = i === 0 || i === 1 || i === 25 || i === 26;
      rows.push(
        ours
          ? [
              'RUN-1',
              'Fugace',
              'Ambroise',
              i < 20 ? 'ambroise.fugace@exemple.fr' : 'ambroise.secret@exemple.fr',
              i % 2 ? '0799' : null,
              'CT-RUN',
              '01/11/2026',
              i % 2 ? 'abc' : 10 + i,
              `Commission Ambroise Fugace ${i}`,
              `note Fugace ${i}`,
            ]
          : [`RUN-X${i}`, `Autre${i}`, null, null, null, `CT-X${i}`, '01/11/2026', 5, `Commission ${i}`, null],
      );
    }
    const record = await recordImport(app.db.knex, await statement(rows), { fileName: 'novembre-Fugace.xlsx' });
    // Batches of 10 rows; the run pauses before its second batch.
    const run = pausableKnex(app.db.knex, 1);
    const importing = processStatementImport(record.id, { knex: run.knex, logger, limits: importLimits, batchRows: 10, flushIntervalMs: 60_000 });
    await run.paused;
    expect(Number((await app.db.knex('commissions').where({ import_id: record.id }).count({ n: '*' }))[0].n)).toBe(9);

    const anonymised = await post(`/api/clients/${client.id}/anonymise`);
    expect(anonymised.status).toBe(200);
    run.resume();
    expect(await importing).toBe('completed');

    for (const needle of ['Ambroise', 'Fugace', 'ambroise.secret', 'ambroise.fugace', 'note Fugace']) expect(await placesHolding(app.db.knex, needle), needle).toEqual([]);
    const done = await app.db.knex('statement_imports').where({ id: record.id }).first();
    expect({ status: done.status, processed: done.processed_rows, commissions: done.commissions_created, rejected: done.rows_rejected }).toEqual({
      status: 'completed',
      processed: 30,
      commissions: 27,
      rejected: 3,
    });
    const later = await app.db.knex('statement_import_rejections').where({ import_id: record.id }).where('row', '>', 20).orderBy('row');
    expect(later.map((r) => r.errors[0].message)).toEqual([erasedClientMessage('RUN-1'), erasedClientMessage('RUN-1')]);
    // The line written before the anonymisation keeps its amount, under the neutral name.
    expect(await app.db.knex('commissions').where({ import_id: record.id, client_id: client.id }).select('amount', 'client_name')).toEqual([
      { amount: '10.00', client_name: `Client anonymisé n° ${client.id}` },
    ]);
  });

  // A lock held by the test while the app waits: the real server only (PGlite is one session).
  it(
    'erases a batch that held the client while the anonymisation waited for it',
    embedded ? skippedWhen(true, 'a batch holding a row while another session waits needs two sessions: PGlite has one') : needsServers('postgres'),
    async () => {
      const knex = app.db.knex;
      const client = await createClient({ lastName: 'Patient', firstName: 'Léonie', clientNumber: 'WAIT-1' });
      // One batch: a line for the client and a rejected row whose email the database never held.
      const record = await recordImport(
        knex,
        await statement([
          ['WAIT-1', 'Patient', 'Léonie', 'leonie.jamais.vue@exemple.fr', null, 'CT-WAIT', '01/11/2026', 30, 'Commission Léonie Patient', null],
          ['WAIT-1', 'Patient', 'Léonie', 'leonie@@jamais', null, 'CT-WAIT', '01/11/2026', 'abc', null, 'note Patient'],
        ]),
      );
      // The batch is held at its rejected rows, the client's row lock already taken.
      const holder = await knex.transaction();
      await holder.raw('LOCK TABLE statement_import_rejections IN EXCLUSIVE MODE');
      const importing = processStatementImport(record.id, { knex, logger, limits: importLimits });
      await waitingOnLocks(knex, 1);
      const anonymising = post(`/api/clients/${client.id}/anonymise`);
      await waitingOnLocks(knex, 2);
      await holder.commit();
      expect(await importing).toBe('completed');
      expect((await anonymising).status).toBe(200);
      for (const needle of ['Léonie', 'leonie', 'note Patient']) expect(await placesHolding(knex, needle), needle).toEqual([]);
      expect(await knex('statement_import_rejections').where({ import_id: record.id }).select('cells', 'errors')).toEqual([
        { cells: ['WAIT-1', null, null, null, null, 'CT-WAIT', '01/11/2026', 'abc', null, null], errors: [erasedClientError('WAIT-1')] },
      ]);
    },
  );
});
