import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementLine } from '../../statements/verdicts/statementRow';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import { CORPUS, expectedOf, imported, lineAsExpected, refused } from '../support/statementCorpus';
import { waitFor } from '../support/waitFor';

/**
 * Every file of the corpus through the API, as a user imports it: preview (the tab chosen, the
 * tabs listed, the first rows as they will be stored), upload with the preview's choices, the
 * worker, then what the database holds. Half of the files on each database.
 */
const CLIENT_FIELDS = ['clientNumber', 'lastName', 'firstName', 'email', 'phone', 'address'] as const;

describe.each(DATABASES)('the statement corpus imported through the API on %s', (_name, embedded) => {
  let app: Awaited<ReturnType<typeof startAppWithImports>>;
  let cookie: string;
  /** The statements already imported once: a later file of the same statement changes no client. */
  const seen = new Set<string>();

  beforeAll(async () => {
    app = await startAppWithImports({ embedded, limits: { maxRows: 50_000, maxUncompressedBytes: 512 * 1024 * 1024 }, maxFileBytes: 10 * 1024 * 1024, worker: true });
    cookie = await app.login('admin');
  });
  afterAll(() => app?.close());

  const send = (route: string, file: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(path.join(CORPUS, file))]), path.basename(file));
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return fetch(`${app.url}/api/imports${route}`, { method: 'POST', body: form, headers: { cookie } });
  };

  // The file whose addresses end their lines with CR LF goes last: its clients differ by their line ends only.
  // Every other file on each database: the readers are the same on both, and each database still
  // writes files of every producer and format (test/unit/statementCorpus.test.ts reads them all).
  const ordered = [...imported]
    .sort((a, b) => Number(a.statement === 'known-crlf') - Number(b.statement === 'known-crlf'))
    .filter((entry, index) => entry.statement === 'known-crlf' || index % 2 === Number(embedded));

  it.each(ordered.map((entry) => [entry.file, entry] as const))('%s imports exactly', async (file, entry) => {
    const expected = expectedOf(entry.statement!);
    const response = await send('/preview', file);
    const preview = await response.json();
    expect(response.status, preview.message).toBe(200);
    expect(preview.sheets.map((sheet: { rows: number }) => sheet.rows)).toEqual(entry.sheets.map((sheet) => sheet.rows));
    if (entry.sheet) expect(preview.sheet).toBe(entry.sheet);
    expect(preview.mappingErrors).toEqual({});
    const shown = preview.rows.filter((row: { status: string }) => row.status === 'line').map((row: { values: StatementLine }) => lineAsExpected(row.values, expected.fields));
    expect(shown).toEqual(expected.lines.slice(0, shown.length));

    const started = await send('', file, { sheet: preview.sheet, mapping: JSON.stringify(preview.mapping), force: 'true' });
    const { id } = await started.json();
    expect(started.status).toBe(202);
    const done = await waitFor(async () => {
      const record = await (await app.request(`/api/imports/${id}`, { cookie })).json();
      return record.status === 'completed' || record.status === 'failed' ? record : undefined;
    }, `import of ${file}`);
    expect(done).toMatchObject({ status: 'completed', format: entry.format, sheet: preview.sheet, commissionsCreated: expected.totals.lines, rowsRejected: 0 });
    expect(done.clientsCreated + done.clientsUpdated + done.clientsUnchanged).toBe(expected.totals.clients);

    const knex = app.db.knex;
    const lines = await knex('commissions as m')
      .join('contracts as t', 't.id', 'm.contract_id')
      .where('m.import_id', id)
      .orderBy('m.import_row')
      .select('m.client_number', 't.contract_number', knex.raw('m.date::text AS date'), knex.raw('(m.amount * 100)::bigint::text AS cents'), 'm.label');
    const field = (name: keyof StatementLine) => expected.fields.indexOf(name);
    expect(lines.map((line) => [line.client_number, line.contract_number, line.date, line.cents, line.label])).toEqual(
      expected.lines.map((line) => [line[field('clientNumber')], line[field('contractNumber')], line[field('date')], String(Math.round(Number(line[field('amount')]) * 100)), line[field('label')]]),
    );
    expect(lines.reduce((sum, line) => sum + Number(line.cents), 0)).toBe(expected.totals.amountCents);

    if (entry.statement === 'known-crlf') return;
    if (!seen.has(entry.statement!)) {
      // The first file of a statement: every client as the file describes it (the last row that
      // gives a field wins; a blank cell erases nothing, so a field the file never gives is not checked).
      seen.add(entry.statement!);
      const described = new Map<string, Record<string, string>>();
      for (const line of expected.lines) {
        const client = described.get(line[field('clientNumber')]!) ?? {};
        for (const name of CLIENT_FIELDS) if (line[field(name)] !== null) client[name] = line[field(name)]!;
        described.set(line[field('clientNumber')]!, client);
      }
      const stored = await knex('clients')
        .whereIn('client_number', [...described.keys()])
        .select('client_number', 'last_name', 'first_name', 'email', 'phone', 'address');
      const storedByNumber = new Map(
        stored.map((client) => [
          client.client_number,
          { clientNumber: client.client_number, lastName: client.last_name, firstName: client.first_name, email: client.email, phone: client.phone, address: client.address },
        ]),
      );
      for (const [number, client] of described) expect(storedByNumber.get(number), number).toMatchObject(client);
    } else {
      // Any later file of it read the same details: no client changed.
      const changed = await knex('statement_import_clients as s').join('clients as c', 'c.id', 's.client_id').where({ 's.import_id': id, 's.outcome': 'updated' }).pluck('c.client_number');
      expect(changed).toEqual([]);
    }
  });

  it.each(refused.map((entry) => [entry.file, entry] as const))('%s is refused in the preview and the upload, saying why', async (file, entry) => {
    const reason = (entry.expect as { refused: string }).refused.toLowerCase();
    const before = await app.db.knex('statement_imports').count({ n: '*' }).first();
    for (const route of ['/preview', '']) {
      const response = await send(route, file);
      const body = await response.json();
      expect(response.status, `${route || '/'}: ${body.message}`).toBe(422);
      expect(body.message.toLowerCase()).toContain(reason);
    }
    expect(await app.db.knex('statement_imports').count({ n: '*' }).first()).toEqual(before);
  });
});
