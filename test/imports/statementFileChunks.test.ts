import crypto from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations/index';
import { StatementImportService } from '../../api/imports/statementImportService';
import { processStatementImport } from '../../api/imports/statementImportProcessor';
import { readStatementFile, STATEMENT_FILE_CHUNK_BYTES, storedFileSource } from '../../statements/archive/storedStatementFile';
import { openStatementWorkbook } from '../../statements/readers/openStatement';
import type { StatementWorkbook } from '../../statements/readers/statementWorkbook';
import { renderMessage } from '../../shared/messages/message';
import { openFile, testReaderLimits } from '../support/statementReading';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { importLimits, recordImport } from './importFixtures';
import { largeStatement } from './statementFiles';

let db: TestDatabase;
let file: Buffer;

beforeAll(async () => {
  db = await createTestDatabase();
  // Shared strings and styles: a statement as Excel writes it, larger than one chunk.
  file = await largeStatement(30_000, { clients: 3000, startClient: 800000 });
});
afterAll(() => db?.close());

const chunksOf = (importId: number) => db.knex('statement_file_chunks').where({ import_id: importId }).orderBy('seq').select('seq', db.knex.raw('octet_length(data)::int AS size'));
const INCOMPLETE_FILE = renderMessage({ code: 'file.incompleteStoredFile' });
const allRows = async (workbook: StatementWorkbook) => {
  const rows = [];
  for await (const row of workbook.rows(workbook.sheets[0].name)) rows.push(row);
  return rows;
};

describe('statement files stored in chunks', () => {
  it('stores a file larger than one chunk in chunks and gives it back byte for byte', async () => {
    expect(file.length).toBeGreaterThan(STATEMENT_FILE_CHUNK_BYTES);
    const record = await recordImport(db.knex, file);
    const chunks = await chunksOf(record.id);
    expect(chunks.map((chunk) => chunk.seq)).toEqual([...Array(Math.ceil(file.length / STATEMENT_FILE_CHUNK_BYTES)).keys()]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.size === STATEMENT_FILE_CHUNK_BYTES)).toBe(true);
    expect((await readStatementFile(db.knex, record.id)).equals(file)).toBe(true);

    // Read as the worker reads it: ranges across a chunk boundary, and the workbook read from
    // the chunks is the one the upload reads in memory, row for row.
    const source = await storedFileSource(db.knex, record.id, file.length);
    const across = await source.read(STATEMENT_FILE_CHUNK_BYTES - 10, 20);
    expect(across.equals(file.subarray(STATEMENT_FILE_CHUNK_BYTES - 10, STATEMENT_FILE_CHUNK_BYTES + 10))).toBe(true);
    const streamed = await openStatementWorkbook(source, testReaderLimits);
    const inMemory = await openFile(file);
    expect(streamed.sheets).toEqual(inMemory.sheets);
    const rows = await allRows(streamed);
    expect(rows).toEqual(await allRows(inMemory));
    expect(rows.slice(1, 4).map((row) => row.rowNumber)).toEqual([2, 3, 4]);
    expect(source.failure).toBeUndefined();
  });

  it('fails the import with a French message, not a crash, when a chunk is missing or altered', async () => {
    const logger = pino({ level: 'silent' });
    const run = (id: number) => processStatementImport(id, { knex: db.knex, logger, limits: importLimits });
    const service = new StatementImportService(db.knex);

    const missing = await recordImport(db.knex, file);
    await db.knex('statement_file_chunks').where({ import_id: missing.id, seq: 1 }).delete();
    expect(await run(missing.id)).toBe('failed');
    expect(await service.get(missing.id)).toMatchObject({ status: 'failed', error: INCOMPLETE_FILE, commissionsCreated: 0 });

    const truncated = await recordImport(db.knex, file);
    await db
      .knex('statement_file_chunks')
      .where({ import_id: truncated.id, seq: 0 })
      .update({ data: db.knex.raw('substring(data FROM 1 FOR 1000)') });
    expect(await run(truncated.id)).toBe('failed');
    expect((await service.get(truncated.id)).error).toBe(INCOMPLETE_FILE);

    // A byte changed inside a compressed part: the archive checks refuse it (CRC or deflate).
    const altered = await recordImport(db.knex, file);
    await db
      .knex('statement_file_chunks')
      .where({ import_id: altered.id, seq: 0 })
      .update({ data: db.knex.raw('set_byte(data, 600000, (get_byte(data, 600000) + 1) % 256)') });
    expect(await run(altered.id)).toBe('failed');
    expect((await service.get(altered.id)).error).toMatch(/^Le fichier Excel est endommagé/);
    expect(await db.knex('commissions').whereIn('import_id', [missing.id, truncated.id, altered.id]).count('* as n').first()).toEqual({ n: 0 });
  });

  it('moves the files stored before chunks into chunks (migration 20261127_10), and back', async () => {
    const name = '20261127_10_statement_file_chunks';
    const record = await recordImport(db.knex, file);
    await db.knex.migrate.down({ migrationSource, name });
    // As the old schema held them: one bytea per import, among them a file of several chunks.
    const stored = await db.knex('statement_import_files').where({ import_id: record.id }).first();
    expect(stored.content.equals(file)).toBe(true);
    const [old] = await db
      .knex('statement_imports')
      .insert({ file_name: 'ancien.xlsx', file_size: 2_500_000, sha256: 'old', mapping: '{}', sheet_id: '1', header_row: 1, columns: '[]' })
      .returning('id');
    const oldFile = crypto.randomBytes(2_500_000);
    await db.knex('statement_import_files').insert({ import_id: old.id, content: oldFile });

    await db.knex.migrate.up({ migrationSource, name });
    expect(await db.knex.schema.hasTable('statement_import_files')).toBe(false);
    expect((await chunksOf(old.id)).map((chunk) => chunk.size)).toEqual([STATEMENT_FILE_CHUNK_BYTES, STATEMENT_FILE_CHUNK_BYTES, 2_500_000 - 2 * STATEMENT_FILE_CHUNK_BYTES]);
    expect((await readStatementFile(db.knex, old.id)).equals(oldFile)).toBe(true);
    expect((await readStatementFile(db.knex, record.id)).equals(file)).toBe(true);
  });
});
