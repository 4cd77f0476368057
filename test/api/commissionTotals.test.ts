import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';

/**
 * Money totals count lines, not distinct amounts: a statement often pays the same amount on many
 * contracts (a flat fee), or a line and its reversal. Every total the API answers (the
 * commissions summary, an import's amount on a client's page) is compared with the lines it
 * covers, summed here in whole cents.
 */
/** `-12.50` → -1250, digit by digit: the API answers amounts as two-decimal text. */
const cents = (amount: string) => {
  expect(amount).toMatch(/^-?\d+\.\d\d$/);
  return Number(amount.replace('.', ''));
};
/** Whole cents back to the API's text: -1250 → `-12.50`. */
const centsText = (total: number) => {
  const digits = Math.abs(total).toFixed(0).padStart(3, '0');
  return `${total < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

describe.each(DATABASES)('commission totals on %s', (_label, embedded) => {
  let app: TestApp;
  let cookie: string;
  const ids = { client: 0, other: 0, flat: 0, big: 0, importA: 0, importB: 0 };

  beforeAll(async () => {
    app = await startAppWithImports({ embedded });
    cookie = await app.login('admin');
    const knex = app.db.knex;
    const [client, other] = await knex('clients')
      .insert([
        { last_name: 'Égal', first_name: 'Paul', client_number: 'EQ-1' },
        { last_name: 'Autre', client_number: 'EQ-2' },
      ])
      .returning('id');
    const [flat, big] = await knex('contracts')
      .insert([
        { contract_number: 'EQ-FLAT', client_id: client.id, insurer: 'Forfait' },
        { contract_number: 'EQ-BIG', client_id: other.id, insurer: 'Gros' },
      ])
      .returning('id');
    const imports = await knex('statement_imports')
      .insert(['a', 'b'].map((tag) => ({ file_name: `${tag}.xlsx`, file_size: 1, sha256: `eq-${tag}`, status: 'completed', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]' })))
      .returning('id');
    Object.assign(ids, { client: client.id, other: other.id, flat: flat.id, big: big.id, importA: imports[0].id, importB: imports[1].id });
    let row = 1;
    const line = (contract: number, clientId: number, date: string, amount: string, importId: number | null) => ({
      contract_id: contract,
      client_id: clientId,
      date,
      amount,
      label: `Ligne ${row}`,
      client_number: 'EQ',
      client_name: 'Égal Paul',
      import_id: importId,
      import_row: importId ? ++row : null,
      source: importId ? 'import' : 'manual',
    });
    await knex('commissions').insert([
      // Three identical flat fees in one import, the same fee again in another, its reversal, and two cents twice.
      line(flat.id, client.id, '2026-01-31', '10.00', ids.importA),
      line(flat.id, client.id, '2026-01-31', '10.00', ids.importA),
      line(flat.id, client.id, '2026-01-31', '10.00', ids.importA),
      line(flat.id, client.id, '2026-02-28', '10.00', ids.importB),
      line(flat.id, client.id, '2026-02-28', '-10.00', ids.importB),
      line(flat.id, client.id, '2026-03-31', '0.01', null),
      line(flat.id, client.id, '2026-03-31', '0.01', null),
      // Amounts near the column's limit: exact to the cent, never through a float that loses one.
      line(big.id, other.id, '2026-03-31', '999999999999.99', ids.importA),
      line(big.id, other.id, '2026-03-31', '999999999999.99', ids.importA),
      line(big.id, other.id, '2026-04-30', '0.01', ids.importB),
    ]);
  });
  afterAll(() => app?.close());

  const summary = async (filter: Record<string, unknown>) => {
    const response = await app.request(`/api/commissions/summary?filter=${encodeURIComponent(JSON.stringify(filter))}`, { cookie });
    expect(response.status).toBe(200);
    return (await response.json()) as { count: number; totalAmount: string };
  };
  /** Every line the list answers for the filter, page after page. */
  const listed = async (filter: Record<string, unknown>) => {
    const amounts: string[] = [];
    for (let start = 0; ; start += 3) {
      const response = await app.request(`/api/commissions?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent(JSON.stringify([start, start + 2]))}&sort=["id","ASC"]`, {
        cookie,
      });
      const page = (await response.json()) as Array<{ amount: string }>;
      amounts.push(...page.map((line) => line.amount));
      if (page.length < 3) return amounts;
    }
  };

  it('the summary counts and sums every line, equal amounts and reversals included', async () => {
    expect(await summary({ clientId: ids.client })).toEqual({ count: 7, totalAmount: '30.02' });
    expect(await summary({ contractId: ids.flat, dateFrom: '2026-01-01', dateTo: '2026-01-31' })).toEqual({ count: 3, totalAmount: '30.00' });
    expect(await summary({ importId: ids.importB, clientId: ids.client })).toEqual({ count: 2, totalAmount: '0.00' });
    expect(await summary({ dateFrom: '2026-03-31', dateTo: '2026-03-31', clientId: ids.client })).toEqual({ count: 2, totalAmount: '0.02' });
    expect(await summary({ contractId: ids.big })).toEqual({ count: 3, totalAmount: '1999999999999.99' });
    expect(await summary({})).toEqual({ count: 10, totalAmount: '2000000000030.01' });
  });

  it('the summary is the sum of exactly the lines the list shows, whatever the filter', async () => {
    const filters: Array<Record<string, unknown>> = [
      {},
      { clientId: ids.client },
      { clientId: ids.other },
      { importId: ids.importA },
      { importId: ids.importB },
      { insurer: 'forfait' },
      { source: 'manual' },
      { source: 'import' },
      { dateFrom: '2026-02-01' },
      { dateTo: '2026-02-28' },
      { q: 'eq-flat' },
      { advisorId: 999 },
    ];
    for (const filter of filters) {
      const lines = await listed(filter);
      const total = lines.reduce((sum, amount) => sum + cents(amount), 0);
      expect(await summary(filter), JSON.stringify(filter)).toEqual({ count: lines.length, totalAmount: centsText(total) });
    }
  });

  it('on a client’s page, each import shows all of that client’s lines and their whole amount', async () => {
    const response = await app.request(`/api/imports?filter=${encodeURIComponent(JSON.stringify({ clientId: ids.client }))}&sort=["id","ASC"]`, { cookie });
    expect(response.status).toBe(200);
    const rows = (await response.json()) as Array<{ id: number; clientLines: number; clientAmount: string }>;
    expect(rows.map(({ id, clientLines, clientAmount }) => ({ id, clientLines, clientAmount }))).toEqual([
      { id: ids.importA, clientLines: 3, clientAmount: '30.00' },
      { id: ids.importB, clientLines: 2, clientAmount: '0.00' },
    ]);
    const big = (await (await app.request(`/api/imports?filter=${encodeURIComponent(JSON.stringify({ clientId: ids.other }))}&sort=["id","ASC"]`, { cookie })).json()) as Array<{
      clientAmount: string;
    }>;
    expect(big.map((row) => row.clientAmount)).toEqual(['1999999999999.98', '0.01']);
  });
});
