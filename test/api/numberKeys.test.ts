import ExcelJS from 'exceljs';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { migrationSource } from '../../migrations/index';
import { numberKey } from '../../shared/contactDetails';
import { importLimits, recordImport } from '../imports/importFixtures';
import { startTestApp, type TestApp } from '../support/testApp';
import { DATABASES } from '../support/databases';

/**
 * Look-alike client and contract numbers: NFC and NFD "é", fullwidth digits, a ligature, a
 * no-break space, a double space, zero-width characters each made a separate client. They are
 * now one number, decided by the database's unique keys (f_number_key) and by the import alike,
 * whose in-memory key (numberKey) must be the database's: a property test compares the two.
 */
const NUMBER = 'CLÉ-2026 ﬁ 12';
/** Spellings of NUMBER that a user, a spreadsheet or an insurer's system may produce. */
const LOOK_ALIKES = [
  'CLE\u0301-2026 ﬁ 12', // NFD é
  'CLÉ-２０２６ ﬁ 12', // fullwidth digits
  'CLÉ-2026 fi 12', // the ligature spelled out
  'CLÉ-2026\u00a0ﬁ\u202f12', // no-break spaces
  'CLÉ-2026  ﬁ   12', // repeated spaces
  'CL\u200bÉ-2026 ﬁ 12\u2060', // zero-width space, word joiner
  '\ufeffclé-2026 FI 12', // byte-order mark, other case
  'CLÉ-2026\tﬁ 12', // a tab
];

const TRICKY = [
  'é',
  'e\u0301',
  'É',
  'ﬁ',
  'ﬀ',
  '２',
  'Ⅻ',
  '①',
  '²',
  '\u00a0',
  '\u202f',
  '\u3000',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202e',
  '\u2066',
  '\u061c',
  '\u180e',
  '\u3164',
  'İ',
  'ı',
  'Σ',
  'ς',
  'ß',
  'ẞ',
  'Ǆ',
  'ǅ',
  'K',
  'Å',
  ' ',
  '  ',
  '\t',
  '\n',
  'A',
  'z',
  '-',
  '_',
  '0',
  '9',
  'Ω',
  'Ж',
  'Ⓐ',
  '㎏',
  '\u{1d400}',
  '\u{e0041}',
  '\ufe0f',
];

const STABLE_BLOCKS: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x2000, 0x206f],
  [0x2100, 0x218f],
  [0x2460, 0x24ff],
  [0x3000, 0x303f],
  [0x3300, 0x33ff],
  [0xfb00, 0xfb06],
  [0xff01, 0xffee],
];

describe.each(DATABASES)('look-alike numbers on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
  });
  afterAll(() => app?.close());

  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', cookie: admin, body });

  it('computes the import’s key exactly as the database’s unique key does', async () => {
    const samples = fc.sample(
      fc.oneof(
        fc.array(fc.constantFrom(...TRICKY), { maxLength: 12 }).map((parts) => parts.join('')),
        // The blocks numbers are written with, long assigned: Latin, combining marks, Greek,
        // Cyrillic, punctuation and spaces, letter-like and number forms, enclosed and fullwidth
        // forms, ligatures. Characters added by recent Unicode versions are known to one side
        // and not yet to the other (V8 and PostgreSQL ship different tables); the writer matches
        // stored numbers through the database's key anyway.
        fc.string({
          unit: fc
            .constantFrom(...STABLE_BLOCKS)
            .chain(([from, to]) => fc.integer({ min: from, max: to }))
            .map((c) => String.fromCodePoint(c)),
          maxLength: 16,
        }),
      ),
      { numRuns: 2000, seed: 22 },
    );
    samples.push(NUMBER, ...LOOK_ALIKES);
    const { rows } = await app.db.knex.raw<{ rows: Array<{ n: string; k: string | null }> }>('SELECT n, f_number_key(n) AS k FROM unnest(?::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i', [samples]);
    const differing = rows.filter(({ n, k }) => k !== numberKey(n)).map(({ n, k }) => ({ n: JSON.stringify(n), db: JSON.stringify(k), js: JSON.stringify(numberKey(n)) }));
    expect(differing).toEqual([]);
    expect(new Set(LOOK_ALIKES.map(numberKey))).toEqual(new Set([numberKey(NUMBER)]));
  });

  it('refuses every look-alike of a client number, naming its holder', async () => {
    const created = await post('/api/clients', { lastName: 'Original', clientNumber: NUMBER });
    expect(created.status).toBe(201);
    for (const clientNumber of LOOK_ALIKES) {
      const response = await post('/api/clients', { lastName: 'Sosie', clientNumber });
      expect(response.status, JSON.stringify(clientNumber)).toBe(409);
      expect((await response.json()).message).toContain('ORIGINAL');
    }
    expect(Number((await app.db.knex('clients').whereRaw('last_name = ?', ['Sosie']).count({ n: '*' }))[0].n)).toBe(0);
    // Stored as typed, but cleaned: no invisible character, one space at a time.
    const stored = await post('/api/clients', { lastName: 'Propre', clientNumber: ' NEW\u200b  42 ' });
    expect((await stored.json()).clientNumber).toBe('NEW 42');
  });

  it('refuses every look-alike of a contract number', async () => {
    expect((await post('/api/contracts', { contractNumber: 'POL-Ⅻ-ÉTÉ' })).status).toBe(201);
    for (const contractNumber of ['POL-XII-ÉTÉ', 'pol-xii-e\u0301te\u0301', 'POL-Ⅻ-ÉTÉ\u200b', ' POL-Ⅻ-ÉTÉ ']) {
      const response = await post('/api/contracts', { contractNumber });
      expect(response.status, JSON.stringify(contractNumber)).toBe(409);
      await response.arrayBuffer();
    }
  });

  it('matches look-alikes to one client and one contract in an import, and to what the API created', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bordereau');
    sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant']);
    LOOK_ALIKES.forEach((clientNumber, i) => sheet.addRow([clientNumber, 'Original', i % 2 ? 'POL-XII-ÉTÉ' : 'pol-Ⅻ-été', new Date(Date.UTC(2026, 9, 1)), 10 + i]));
    ['NOUVEAU-１', 'NOUVEAU-1', 'nouveau\u200b-1'].forEach((clientNumber) => sheet.addRow([clientNumber, 'Nouveau', 'NEUF-1', new Date(Date.UTC(2026, 9, 1)), 5]));
    const record = await recordImport(app.db.knex, Buffer.from(await workbook.xlsx.writeBuffer()));
    const outcome = await processStatementImport(record.id, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimits });
    expect(outcome).toBe('completed');
    const imported = await app.db.knex('statement_imports').where('id', record.id).first();
    expect({ created: imported.clients_created, commissions: imported.commissions_created, rejected: imported.rows_rejected, error: imported.error }).toEqual({
      created: 1,
      commissions: 11,
      rejected: 0,
      error: null,
    });
    const original = await app.db.knex('clients').whereRaw('last_name = ?', ['Original']).select('id');
    expect(original).toHaveLength(1);
    expect(Number((await app.db.knex('commissions').where({ import_id: record.id, client_id: original[0].id }).count({ n: '*' }))[0].n)).toBe(LOOK_ALIKES.length);
    // The number keeps the spelling it was first written with.
    expect((await app.db.knex('clients').whereRaw('last_name = ?', ['Nouveau']).first()).client_number).toBe('NOUVEAU-１');
    expect(await app.db.knex('contracts').whereRaw("contract_number_key = f_number_key('POL-XII-ÉTÉ')").pluck('contract_number')).toEqual(['POL-Ⅻ-ÉTÉ']);
  });

  it('migrates look-alikes already stored: all but the oldest are renamed, traced, nothing lost', async () => {
    const knex = app.db.knex;
    // Back to the keys before this migration, on a copy of the data as it may be in production.
    // This migration and every one after it, however many are appended later.
    const names = await migrationSource.getMigrations([]);
    const since = names.length - names.indexOf('20261202_02_number_keys');
    for (let i = 0; i < since; i++) await knex.migrate.down({ migrationSource });
    const [a] = await knex('clients').insert({ last_name: 'Aîné', client_number: 'DUP-é' }).returning('id');
    const [b] = await knex('clients').insert({ last_name: 'Cadet', client_number: 'DUP-e\u0301' }).returning('id');
    const [c] = await knex('clients').insert({ last_name: 'Benjamin', client_number: 'dup-É\u200b' }).returning('id');
    await knex('contracts').insert([
      { contract_number: 'K-１', client_id: a.id },
      { contract_number: 'K-1', client_id: b.id },
    ]);
    await knex.migrate.latest({ migrationSource });
    const numbers = await knex('clients').whereIn('id', [a.id, b.id, c.id]).orderBy('id').pluck('client_number');
    expect(numbers).toEqual(['DUP-é', `DUP-e\u0301 (doublon n° ${b.id})`, `dup-É\u200b (doublon n° ${c.id})`]);
    expect(await knex('contracts').whereIn('client_id', [a.id, b.id]).orderBy('id').pluck('contract_number')).toEqual(['K-１', expect.stringMatching(/^K-1 \(doublon n° \d+\)$/)]);
    const traced = await knex('audit_entries_readable').where({ user_label: 'Migration 20261202_02' }).select('record_type', 'record_id');
    expect(traced).toEqual(expect.arrayContaining([{ record_type: 'client', record_id: b.id }, { record_type: 'client', record_id: c.id }, expect.objectContaining({ record_type: 'contract' })]));
    expect(traced).toHaveLength(3);
  });
});
