import { describe, expect, it } from 'vitest';
import {
  cellsWithoutPersonalValues,
  clientNumberOf,
  erasedClientError,
  judgeAgainst,
  readRows,
  rowNumbers,
  tallyVerdicts,
  type JudgedRow,
  type VerdictSetup,
} from '../../statements/verdicts/rowVerdicts';
import type { StoredNumbers } from '../../statements/verdicts/storedNumbers';
import type { StatementCell, StatementRowCells } from '../../statements/readers/statementWorkbook';

/**
 * The verdict on each row, past what the row says on its own: what the database knows of its
 * client number (given here as sets, as storedNumbers reads them) and what the earlier rows of
 * the file named. The query itself is tested against PostgreSQL in test/imports and test/api.
 */
const columns = ['N° client', 'Nom', 'Prénom', 'E-mail', 'Contrat', 'Date', 'Montant', 'Libellé'];
const setup: VerdictSetup = {
  mapping: { clientNumber: 0, lastName: 1, firstName: 2, email: 3, contractNumber: 4, date: 5, amount: 6, label: 7 },
  columns,
  context: { today: '2026-06-15' },
};
const rows = (...cells: StatementCell[][]): StatementRowCells[] => cells.map((c, i) => ({ rowNumber: i + 2, cells: c }));
const stored = (known: string[] = [], anonymised: string[] = []): StoredNumbers => ({ known: new Set(known), anonymised: new Set(anonymised) });
const judge = (input: StatementRowCells[], known: StoredNumbers = stored(), named = new Set<string>()) => judgeAgainst(readRows(input, setup), known, named, setup.mapping);
const kinds = (judged: JudgedRow[]) => judged.map((row) => (row.verdict.kind === 'rejected' ? row.verdict.errors.map((e) => e.code).join(',') : row.verdict.kind));

describe('row verdicts: new clients need a name', () => {
  it('a row naming a new client without a name is rejected', () => {
    expect(kinds(judge(rows(['C-1', null, null, null, 'CT-1', '01/03/2026', 10])))).toEqual(['row.clientNameMissing']);
  });

  it('a nameless row of a client the database knows is a line', () => {
    expect(kinds(judge(rows(['C-1', null, null, null, 'CT-1', '01/03/2026', 10]), stored(['c-1'])))).toEqual(['line']);
  });

  it('a name given by an earlier row covers the later nameless rows of the same client, whatever the case', () => {
    expect(kinds(judge(rows(['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10], ['c-1', null, null, null, 'CT-1', '01/04/2026', 10])))).toEqual(['line', 'line']);
  });

  it('a name given by a later row does not cover an earlier nameless row', () => {
    expect(kinds(judge(rows(['C-1', null, null, null, 'CT-1', '01/03/2026', 10], ['C-1', 'Martin', null, null, 'CT-1', '01/04/2026', 10])))).toEqual(['row.clientNameMissing', 'line']);
  });

  it('the clients named by earlier batches are remembered across calls', () => {
    const named = new Set<string>();
    judge(rows(['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10]), stored(), named);
    expect([...named]).toEqual(['c-1']);
    expect(kinds(judge(rows(['C-1', null, null, null, 'CT-1', '01/04/2026', 10]), stored(), named))).toEqual(['line']);
  });

  it('a rejected row names nobody for the later rows', () => {
    const named = new Set<string>();
    expect(kinds(judge(rows(['C-1', 'Martin', null, null, 'CT-1', 'pas une date', 10]), stored(), named))[0]).not.toBe('line');
    expect([...named]).toEqual([]);
  });

  it('the error names the client number', () => {
    const [row] = judge(rows(['C-7', null, null, null, 'CT-1', '01/03/2026', 10]));
    expect(row.verdict).toMatchObject({ kind: 'rejected', errors: [{ code: 'row.clientNameMissing', params: { clientNumber: 'C-7' }, column: null }] });
  });
});

describe('row verdicts: anonymised clients', () => {
  it('a row naming an anonymised client is rejected and flagged, even with a name', () => {
    const [row] = judge(rows(['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10]), stored(['c-1'], ['c-1']));
    expect(row.verdict).toEqual({ kind: 'rejected', errors: [erasedClientError('C-1')] });
    expect(row.namesErasedClient).toBe(true);
  });

  it('a row already rejected for another reason that names an anonymised client is flagged too', () => {
    const [row] = judge(rows(['C-1', 'Martin', null, null, 'CT-1', 'pas une date', 10]), stored(['c-1'], ['c-1']));
    expect(row.verdict).toEqual({ kind: 'rejected', errors: [erasedClientError('C-1')] });
    expect(row.namesErasedClient).toBe(true);
  });

  it('a client merely known is not anonymised: its rows stay lines, unflagged', () => {
    const [row] = judge(rows(['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10]), stored(['c-1']));
    expect(row.verdict.kind).toBe('line');
    expect(row.namesErasedClient).toBeUndefined();
  });

  it('an anonymised client named by a row does not count as named for the later rows', () => {
    const named = new Set<string>();
    judge(rows(['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10]), stored([], ['c-1']), named);
    expect(named.size).toBe(0);
  });

  it('the erasure error says which number, without a column', () => {
    expect(erasedClientError('C-9')).toMatchObject({ column: null, code: 'row.clientErased', params: { clientNumber: 'C-9' } });
  });
});

describe('row verdicts: the numbers looked up', () => {
  it('lines and rejected rows give their number once by key, first spelling kept; empty and totals rows none', () => {
    const judged = readRows(
      rows(
        ['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10],
        [' c-1 ', 'Martin', null, null, 'CT-2', '01/03/2026', 10],
        ['C-2', 'Durand', null, null, 'CT-3', 'pas une date', 10],
        [null, null],
        ['TOTAL', null, null, null, null, null, 20],
      ),
      setup,
    );
    expect([...rowNumbers(judged, setup.mapping)]).toEqual([
      ['c-1', 'C-1'],
      ['c-2', 'C-2'],
    ]);
  });

  it('the client number of cells is cleaned; blank or unmapped is none', () => {
    expect(clientNumberOf(['  C-1  '], { clientNumber: 0 })).toBe('C-1');
    expect(clientNumberOf([4567], { clientNumber: 0 })).toBe('4567');
    expect(clientNumberOf(['   '], { clientNumber: 0 })).toBeNull();
    expect(clientNumberOf([null], { clientNumber: 0 })).toBeNull();
    expect(clientNumberOf(['\u200b'], { clientNumber: 0 })).toBeNull();
    expect(clientNumberOf(['C-1'], {})).toBeNull();
  });
});

describe('row verdicts: what is kept of a row naming an anonymised client', () => {
  it('numbers, amounts, dates and contract terms are kept; names, contacts, labels and unmapped columns are not', () => {
    const mapping = {
      clientNumber: 0,
      lastName: 1,
      firstName: 2,
      email: 3,
      contractNumber: 4,
      date: 5,
      amount: 6,
      label: 7,
      product: 9,
      insurer: 10,
      advisor: 11,
      status: 12,
      startDate: 13,
      endDate: 14,
      phone: 15,
      address: 16,
    };
    const cells = ['C-1', 'Martin', 'Léa', 'lea@x.fr', 'CT-1', '01/03/2026', 10, 'Léa Martin', 'libre', 'Auto', 'Assureur', 'Conseiller', 'actif', '01/01/2026', '31/12/2026', '0612345678', '1 rue'];
    expect(cellsWithoutPersonalValues(cells, mapping, 18)).toEqual([
      'C-1',
      null,
      null,
      null,
      'CT-1',
      '01/03/2026',
      10,
      null,
      null,
      'Auto',
      'Assureur',
      'Conseiller',
      'actif',
      '01/01/2026',
      '31/12/2026',
      null,
      null,
      null,
    ]);
  });

  it('the row is as wide as the columns, missing cells as null', () => {
    expect(cellsWithoutPersonalValues(['C-1'], { clientNumber: 0, amount: 2 }, 3)).toEqual(['C-1', null, null]);
  });
});

describe('row verdicts: the whole-file count', () => {
  const many = (count: number) => rows(...Array.from({ length: count }, (_, i): StatementCell[] => [`C-${i}`, 'Martin', null, null, 'CT', '01/03/2026', 10]));
  async function* stream(input: StatementRowCells[]) {
    yield* input;
  }
  const judgeChunks = (sizes: number[]) => async (chunk: StatementRowCells[]) => {
    sizes.push(chunk.length);
    return judgeAgainst(readRows(chunk, setup), stored(), new Set(), setup.mapping);
  };

  it('valid, rejected and skipped rows are counted apart, and all of them as rows', async () => {
    const input = rows(
      ['C-1', 'Martin', null, null, 'CT-1', '01/03/2026', 10],
      ['C-2', null, null, null, 'CT-2', '01/03/2026', 10],
      ['C-4', 'Roux', null, null, 'CT-4', 'pas une date', 10],
      ['TOTAL', null, null, null, null, null, 20],
      ['C-3', 'Durand', null, null, 'CT-3', '01/03/2026', 5],
    );
    expect(await tallyVerdicts(stream(input), judgeChunks([]), { budgetMs: 60_000 })).toEqual({ rows: 5, valid: 2, rejected: 2, skipped: 1, complete: true });
  });

  it('rows are judged by chunks of the given size, the rest at the end', async () => {
    const sizes: number[] = [];
    expect(await tallyVerdicts(stream(many(5)), judgeChunks(sizes), { budgetMs: 60_000, chunkRows: 2 })).toMatchObject({ rows: 5, valid: 5, complete: true });
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('chunks are of 2,000 rows unless told', async () => {
    const sizes: number[] = [];
    await tallyVerdicts(stream(many(2001)), judgeChunks(sizes), { budgetMs: 60_000 });
    expect(sizes).toEqual([2000, 1]);
  });

  it('a spent budget stops after the chunk being judged, and says the counts are partial', async () => {
    const sizes: number[] = [];
    expect(await tallyVerdicts(stream(many(5)), judgeChunks(sizes), { budgetMs: -1, chunkRows: 2 })).toEqual({ rows: 2, valid: 2, rejected: 0, skipped: 0, complete: false });
    expect(sizes).toEqual([2]);
  });

  it('an empty file counts nothing, completely', async () => {
    expect(await tallyVerdicts(stream([]), judgeChunks([]), { budgetMs: 60_000 })).toEqual({ rows: 0, valid: 0, rejected: 0, skipped: 0, complete: true });
  });
});
