import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Anonymising 1,000 clients was one request of 119 s: the search for every copy of their values
 * ran one regular expression per 50 clients over every row of every text column. The sweep now
 * reads each column once to find the rows that may hold a value (their words, and the digits of
 * phone numbers, looked up in a hashed list), and runs the expressions on those rows only, for
 * the whole selection at once. Its time is measured in RELIABILITY.md (never asserted here);
 * what this test holds is that the faster search misses nothing, including the spellings a
 * word or digit lookup could miss, and touches nobody else.
 */
const CLIENTS = 400;

describe.each(DATABASES)('bulk anonymisation on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
  });
  afterAll(() => app?.close());

  it(`erases ${CLIENTS} clients in one request, wherever their values were copied, and only theirs`, async () => {
    const knex = app.db.knex;
    const person = (i: number) => ({
      last_name: `Vérane${i}x`,
      first_name: `Odilon${i}`,
      email: `odilon.${i}@exemple.fr`,
      phone: `+336${10000000 + i}`,
      client_number: `BULK-${i}`,
    });
    const national = (i: number) => `06${10000000 + i}`;
    const dotted = (i: number) => national(i).replace(/(\d{2})(?=\d)/g, '$1.');
    const ids: number[] = (
      await knex('clients')
        .insert(Array.from({ length: CLIENTS }, (_, i) => person(i)))
        .returning('id')
    ).map((row: { id: number }) => row.id);
    // A bystander whose name begins like theirs, and who must keep it.
    const [bystander] = await knex('clients').insert({ last_name: 'Vérane1', first_name: 'Odilon', email: 'verane1@exemple.fr', phone: '+33699999999', client_number: 'KEEP-1' }).returning('id');
    const [{ id: importId }] = await knex('statement_imports')
      .insert({ file_name: 'bordereau Vérane7x.xlsx', file_size: 1, sha256: 'bulk', status: 'completed', mapping: '{}', sheet_id: 's', header_row: 1, columns: '[]' })
      .returning('id');
    await knex('statement_import_rejections').insert(
      Array.from({ length: CLIENTS }, (_, i) => ({
        import_id: importId,
        row: i + 2,
        // The values in other spellings: case, a quote that JSON escapes, a phone written
        // nationally with dots, and a phone followed by more digits in the same run.
        cells: JSON.stringify([`vérane${i}X`, `"Odilon${i}" Vérane${i}x`, `ODILON.${i}@EXEMPLE.FR`, `tel:${dotted(i)}`, `${national(i)} 99`]),
        // An underscore is no part of a name: "Vérane7x_relevé" names the client too.
        errors: JSON.stringify([{ column: null, message: `Montant manquant pour Vérane${i}x_relevé (${i})` }]),
      })),
    );
    await knex('contracts').insert({ contract_number: 'BULK-CT', product: 'Prévoyance Vérane3x et Vérane1', client_id: ids[3] });

    const response = await app.request(`/api/clients/anonymise?filter=${encodeURIComponent(JSON.stringify({ id: ids }))}`, { method: 'POST', cookie: admin });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(CLIENTS);

    const texts = (await knex('statement_import_rejections').where({ import_id: importId }).orderBy('row').select(knex.raw('cells::text || errors::text AS t'))).map((row) => row.t as string);
    for (const [i, text] of texts.entries()) {
      for (const needle of [`Vérane${i}x`, `Odilon${i}`, `odilon.${i}@exemple.fr`, national(i), dotted(i)]) {
        expect(text.toLowerCase(), `row ${i + 2}: ${needle}`).not.toContain(needle.toLowerCase());
      }
    }
    expect((await knex('statement_imports').where({ id: importId }).first()).file_name).toBe('bordereau [donnée effacée].xlsx');
    expect((await knex('contracts').where({ contract_number: 'BULK-CT' }).first()).product).toBe('Prévoyance [donnée effacée] et Vérane1');
    expect(await knex('clients').where({ id: bystander.id }).first()).toMatchObject({ last_name: 'Vérane1', first_name: 'Odilon', email: 'verane1@exemple.fr', phone: '+33699999999' });
    expect(Number((await knex('clients').whereIn('id', ids).whereNotNull('anonymised_at').count({ n: '*' }))[0].n)).toBe(CLIENTS);
  });
});
