import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementImportService } from '../../api/imports/statementImportService';
import type { NewStatementImport } from '../../api/imports/statementImportRecord';
import { HttpError } from '../../api/http/httpError';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import type { StatementImportQueue } from '../../api/imports/statementImportQueue';

/**
 * One file, one live import: of several uploads of the same content at once (the same
 * statement sent from two browsers, a double click), exactly one is recorded and the others are
 * told which import took it, whatever the files are named. A queued, running or completed import
 * holds its content; a failed one lets it go; a forced upload is always recorded, on purpose.
 * The database decides (a partial unique index on the content's SHA-256): the service is tested
 * below without the route's early, friendly check, so that only the index stands in the way.
 */
async function statement(tag: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant']);
  sheet.addRow([`U-${tag}`, 'Unique', `UK-${tag}`, '01/10/2026', 10]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const record = (content: Buffer, fileName: string, forced = false): NewStatementImport => ({
  fileName,
  content,
  sha256: crypto.createHash('sha256').update(content).digest('hex'),
  mapping: { clientNumber: 'N° client', lastName: 'Nom', contractNumber: 'N° de contrat', date: 'Date', amount: 'Montant' },
  format: 'xlsx',
  sheet: 'Bordereau',
  headerRow: 1,
  columns: ['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant'],
  totalRows: 1,
  rowsThroughHeader: 1,
  period: null,
  insurer: null,
  appliedMappingId: null,
  forced,
  actor: { userId: null, label: 'Test' },
});

describe.each(DATABASES)('one live import per file content, on %s', (_label, embedded) => {
  let app: TestApp & { queue: StatementImportQueue };
  let cookie: string;
  let service: StatementImportService;
  beforeAll(async () => {
    // No worker: the imports stay queued unless a test moves them on.
    app = await startAppWithImports({ embedded });
    cookie = await app.login('admin');
    service = new StatementImportService(app.db.knex);
  });
  afterAll(() => app?.close());

  const upload = (file: Buffer, fileName: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), fileName);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return fetch(`${app.url}/api/imports`, { method: 'POST', body: form, headers: { cookie } });
  };
  const liveImportsOf = async (file: Buffer) =>
    Number((await app.db.knex('statement_imports').where('sha256', crypto.createHash('sha256').update(file).digest('hex')).whereNot('status', 'failed').count({ n: '*' }).first())!.n);
  const setStatus = (id: number, status: string) => app.db.knex('statement_imports').where({ id }).update({ status });

  /** Settles every creation; answers the winners and the 409s. */
  async function createAtOnce(inputs: NewStatementImport[]) {
    const settled = await Promise.allSettled(inputs.map((input) => service.create(input)));
    const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    for (const reason of refused) expect(reason, String(reason)).toBeInstanceOf(HttpError);
    return { won, refused: refused as HttpError[] };
  }

  it('records exactly one of simultaneous uploads of the same content, whatever their names', async () => {
    const file = await statement('http');
    const answers = await Promise.all(['a.xlsx', 'b.xlsx', 'a.xlsx', 'Bordereau (1).xlsx', 'c.xls', 'd.xlsx'].map((name) => upload(file, name)));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    const winner = await answers.find((a) => a.status === 202)!.json();
    for (const refused of answers.filter((a) => a.status === 409)) expect((await refused.json()).message).toContain(`import n° ${winner.id}`);
    expect(await liveImportsOf(file)).toBe(1);
  });

  it('lets the database refuse the second of simultaneous creations, naming the first, whatever their names', async () => {
    const file = await statement('service');
    const { won, refused } = await createAtOnce(['x.xlsx', 'y.xlsx', 'z.xlsx', 'x.xlsx', 'w.csv', 'v.xlsx', 'u.xlsx', 't.xlsx'].map((name) => record(file, name)));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const error of refused) expect(error).toMatchObject({ status: 409, message: expect.stringContaining(`import n° ${won[0].id}`) });
    expect(await liveImportsOf(file)).toBe(1);
  });

  it.each(['queued', 'running', 'completed'])('keeps the content taken while its import is %s', async (status) => {
    const file = await statement(`held-${status}`);
    const first = await service.create(record(file, 'premier.xlsx'));
    // Its job in the queue, as an upload leaves it (a queued import whose job was lost is retired instead).
    await app.queue.enqueue(first.id);
    await setStatus(first.id, status);
    const { won, refused } = await createAtOnce([record(file, 'second.xlsx'), record(file, 'premier.xlsx')]);
    expect(won).toEqual([]);
    expect(refused.map((error) => error.status)).toEqual([409, 409]);
    expect((await upload(file, 'troisième.xlsx')).status).toBe(409);
  });

  it('lets the content go once its import failed: one new import, again exactly one', async () => {
    const file = await statement('failed');
    const first = await service.create(record(file, 'premier.xlsx'));
    await setStatus(first.id, 'failed');
    const { won, refused } = await createAtOnce([record(file, 'a.xlsx'), record(file, 'b.xlsx'), record(file, 'c.xlsx')]);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(2);
    await setStatus(won[0].id, 'failed');
    expect((await upload(file, 'encore.xlsx')).status).toBe(202);
  });

  it('records every forced upload, beside a live import and beside each other', async () => {
    const file = await statement('forced');
    expect((await upload(file, 'normal.xlsx')).status).toBe(202);
    const { won, refused } = await createAtOnce([record(file, 'f1.xlsx', true), record(file, 'f2.xlsx', true), record(file, 'f3.xlsx', true)]);
    expect(won).toHaveLength(3);
    expect(refused).toEqual([]);
    expect((await upload(file, 'f4.xlsx', { force: 'true' })).status).toBe(202);
    expect(await liveImportsOf(file)).toBe(5);
    // A forced import does not hold the content for unforced ones: the normal one does.
    expect((await upload(file, 'normal-2.xlsx')).status).toBe(409);
  });

  it('records simultaneous uploads of different contents, each once', async () => {
    const files = await Promise.all(['d1', 'd2', 'd3', 'd4'].map(statement));
    const { won, refused } = await createAtOnce(files.map((file) => record(file, 'meme-nom.xlsx')));
    expect(won).toHaveLength(4);
    expect(refused).toEqual([]);
  });
});
