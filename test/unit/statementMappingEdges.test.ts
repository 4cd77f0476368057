import { cellAddress, columnLetter } from '../../statements/cellAddress';
import { describe, expect, it } from 'vitest';
import {
  columnMappingSchema,
  columnNames,
  detectHeaderRow,
  headerScore,
  mappingForColumns,
  normaliseHeader,
  proposeMapping,
  resolveMapping,
  type ColumnMapping,
} from '../../statements/mapping/columnMapping';
import { readStatementRow, splitAdvisorName } from '../../statements/verdicts/statementRow';

/**
 * Boundaries of column mapping and row reading, written from the mutation-testing report
 * (npm run mutation): each case pins a rule a small change of the code would break.
 */
describe('column names and letters', () => {
  it('names columns like Excel, past Z and past ZZ', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('names a cell past column Z as every reader reports it', () => {
    expect([cellAddress(0, 1), cellAddress(26, 12), cellAddress(701, 3)]).toEqual(['A1', 'AA12', 'ZZ3']);
  });

  it('drops trailing blank headers only, names blank ones by letter, collapses spaces and numbers duplicates', () => {
    expect(columnNames(['Nom', null, ' Montant   HT ', 'nom', 'NOM', '', null])).toEqual(['Nom', 'Colonne B', 'Montant HT', 'nom (2)', 'NOM (3)']);
    expect(columnNames([null, null])).toEqual([]);
    expect(columnNames([])).toEqual([]);
    expect(columnNames(['Seule'])).toEqual(['Seule']);
    expect(columnNames([null, 'B'])).toEqual(['Colonne A', 'B']);
    expect(columnNames(['a\tb\nc'])).toEqual(['a b c']);
  });
});

describe('header detection', () => {
  it('counts distinct recognised fields only, skipping blank cells', () => {
    expect(headerScore([null, '', 'N° client', 'Numéro client', 'Montant'])).toBe(2);
    expect(headerScore(['Bordereau', null])).toBe(0);
    expect(normaliseHeader('N° Client')).toBe(normaliseHeader('n client'));
    expect(normaliseHeader('Nº client')).toBe(normaliseHeader('N° client'));
  });

  it('takes the best row with at least two fields, the first one on a tie', () => {
    expect(detectHeaderRow([['Titre'], ['N° client'], ['N° client', 'Montant'], ['N° client', 'Montant', 'Nom'], ['N° client', 'Montant', 'Nom']])).toBe(3);
    expect(detectHeaderRow([['Titre'], ['Montant']])).toBe(-1);
    expect(detectHeaderRow([])).toBe(-1);
  });
});

describe('proposed mapping', () => {
  it('gives each column to one field only, exact synonyms before keywords', () => {
    const mapping = proposeMapping(['Montant', 'Montant', 'N° client', 'Date']);
    expect(mapping.amount).toBe('Montant');
    expect(Object.values(mapping).filter((column) => column === 'Montant')).toHaveLength(1);
    expect(mapping.clientNumber).toBe('N° client');
  });

  it('does not map a column to a field whose synonym it is not', () => {
    expect(proposeMapping(['Nothing here', 'Rien'])).toEqual({});
  });
});

describe('mapping checks', () => {
  const columns = ['N° client', 'Nom', 'E-mail', 'N° contrat', 'Montant', 'Date'];

  it('accepts a complete mapping and resolves column indexes, case aside', () => {
    expect(resolveMapping({ clientNumber: 'n° CLIENT', lastName: 'Nom', amount: 'Montant', date: 'Date' }, columns)).toEqual({
      ok: true,
      resolved: { clientNumber: 0, lastName: 1, amount: 4, date: 5 },
    });
    expect(resolveMapping({ contractNumber: 'N° contrat', amount: 'Montant', date: 'Date' }, columns)).toMatchObject({ ok: true });
  });

  it('prefers the column spelt exactly over one that differs by case', () => {
    expect(resolveMapping({ contractNumber: 'date', amount: 'Montant', date: 'Date' }, ['Date', 'date', 'Montant'])).toEqual({
      ok: true,
      resolved: { contractNumber: 1, amount: 2, date: 0 },
    });
  });

  it('says what is missing, field by field', () => {
    const check = (mapping: ColumnMapping) => {
      const result = resolveMapping(mapping, columns);
      return result.ok ? {} : result.errors;
    };
    expect(check({ clientNumber: 'N° client', date: 'Date' })).toEqual({ 'mapping.amount': 'Choisissez la colonne du montant de la commission.' });
    expect(check({ lastName: 'Nom', amount: 'Montant', date: 'Date' })).toEqual({
      'mapping.clientNumber': 'Choisissez la colonne du numéro client : c’est lui qui identifie le client à créer ou mettre à jour.',
    });
    expect(check({ email: 'E-mail', contractNumber: 'N° contrat', amount: 'Montant', date: 'Date' })).toHaveProperty('mapping.clientNumber');
    expect(check({ amount: 'Montant', date: 'Date' })).toEqual({ 'mapping.clientNumber': 'Choisissez au moins la colonne du numéro client ou celle du numéro de contrat.' });
    expect(check({ clientNumber: 'N° client', amount: 'Montant', date: 'Date' })).toEqual({});
  });
});

describe('mapping schema', () => {
  it('keeps known fields with a column, trimmed, and names unknown fields', () => {
    expect(columnMappingSchema.parse({ clientNumber: ' N° client ', lastName: '  ', email: null })).toEqual({ clientNumber: 'N° client' });
    const refused = columnMappingSchema.safeParse({ password: 'x' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({ path: ['password'], message: expect.stringMatching(/^Champ inconnu « password »\. Champs possibles : clientNumber, /) });
  });

  it('points a saved mapping at this file’s spelling of a header', () => {
    expect(mappingForColumns({ lastName: 'ASSURÉ', amount: 'Montant', date: 'Absente' }, ['Assuré', 'Montant'])).toEqual({ lastName: 'Assuré', amount: 'Montant', date: 'Absente' });
  });
});

describe('reading a row', () => {
  const columns = ['N° client', 'Nom', 'Prénom', 'E-mail', 'Tél.', 'Adresse', 'N° contrat', 'Produit', 'Compagnie', 'Conseiller', 'Date', 'Montant', 'Libellé'];
  const mapping = { clientNumber: 0, lastName: 1, firstName: 2, email: 3, phone: 4, address: 5, contractNumber: 6, product: 7, insurer: 8, advisor: 9, date: 10, amount: 11, label: 12 };
  const row = (overrides: Record<number, unknown> = {}) => {
    const cells: unknown[] = ['C-1', 'Dupont', 'Jean', 'jean@exemple.fr', '06 12 34 56 78', '1 rue X', 'K-1', 'Santé', 'Mutuelle', 'Claire Fontaine', '01/03/2026', '10,00', 'Mars'];
    for (const [index, value] of Object.entries(overrides)) cells[Number(index)] = value;
    return cells as never[];
  };

  it('reads every mapped field of a line', () => {
    expect(readStatementRow(row(), mapping, columns)).toEqual({
      kind: 'line',
      line: expect.objectContaining({
        clientNumber: 'C-1',
        lastName: 'Dupont',
        firstName: 'Jean',
        email: 'jean@exemple.fr',
        phone: '+33612345678',
        address: '1 rue X',
        contractNumber: 'K-1',
        product: 'Santé',
        insurer: 'Mutuelle',
        advisor: 'Claire Fontaine',
        date: '2026-03-01',
        amount: '10.00',
        label: 'Mars',
      }),
    });
  });

  it('names the column of each error, in French', () => {
    const result = readStatementRow(row({ 3: 'pas-un-email', 4: '12', 11: null, 10: null }), mapping, columns);
    expect(result).toMatchObject({
      kind: 'rejected',
      errors: expect.arrayContaining([
        expect.objectContaining({ column: 'Montant', message: 'Montant manquant.' }),
        expect.objectContaining({ column: 'Date', message: 'Date de la commission manquante.' }),
        expect.objectContaining({ column: 'E-mail', message: 'Adresse e-mail invalide : « pas-un-email ».' }),
        expect.objectContaining({ column: 'Tél.', message: 'Numéro de téléphone invalide : « 12 ».' }),
      ]),
    });
  });

  it('refuses values past their length, at the limit exactly', () => {
    expect(readStatementRow(row({ 0: 'x'.repeat(100), 1: 'y'.repeat(200) }), mapping, columns).kind).toBe('line');
    for (const [index, column, length] of [
      [0, 'N° client', 101],
      [1, 'Nom', 201],
      [2, 'Prénom', 201],
      [6, 'N° contrat', 201],
    ] as const) {
      expect(readStatementRow(row({ [index]: 'x'.repeat(length) }), mapping, columns), column).toMatchObject({
        kind: 'rejected',
        errors: [{ column, message: `Valeur trop longue (plus de ${length - 1} caractères).` }],
      });
    }
  });

  it('asks for a contract number when no client column is mapped', () => {
    const contractOnly = { contractNumber: 0, date: 1, amount: 2 };
    expect(readStatementRow(['K-9', '01/03/2026', '5'] as never[], contractOnly, ['Contrat', 'Date', 'Montant'])).toMatchObject({
      kind: 'line',
      line: { contractNumber: 'K-9', clientNumber: null, lastName: null },
    });
    expect(readStatementRow([null, '01/03/2026', '5'] as never[], contractOnly, ['Contrat', 'Date', 'Montant'])).toMatchObject({
      kind: 'rejected',
      errors: [{ column: 'Contrat', message: 'Numéro de contrat manquant.' }],
    });
  });

  it('reads a cell past the end of a short row as empty, and an unmapped field as nothing', () => {
    expect(readStatementRow(['C-1', 'Dupont'] as never[], { clientNumber: 0, lastName: 1, date: 2, amount: 3 }, ['N°', 'Nom'])).toMatchObject({
      kind: 'rejected',
      errors: [
        { column: null, message: 'Montant manquant.' },
        { column: null, message: 'Date de la commission manquante.' },
      ],
    });
  });

  it('skips totals lines but not a client whose name starts like one', () => {
    expect(readStatementRow(row({ 0: 'TOTAL', 1: null, 6: null }), mapping, columns)).toEqual({ kind: 'summary' });
    expect(readStatementRow(row({ 1: 'Total', 0: 'C-9' }), mapping, columns).kind).toBe('line');
    expect(readStatementRow(row({ 12: 'Sous-total', 0: null, 1: null, 6: null }), mapping, columns)).toEqual({ kind: 'summary' });
  });
});

describe('advisor names', () => {
  it.each([
    ['Claire Fontaine', { firstName: 'Claire', lastName: 'Fontaine' }],
    ['FONTAINE Claire', { firstName: 'Claire', lastName: 'FONTAINE' }],
    ['Jean-Marc DE LA TOUR', { firstName: 'Jean-Marc', lastName: 'DE LA TOUR' }],
    ['Marie Anne Dupont', { firstName: 'Marie Anne', lastName: 'Dupont' }],
    ['DUPONT', { firstName: '', lastName: 'DUPONT' }],
    ['  ', { firstName: '', lastName: '' }],
    ['A Dupont', { firstName: 'A', lastName: 'Dupont' }],
    ['JEAN DUPONT', { firstName: 'JEAN', lastName: 'DUPONT' }],
    ['Jean  Dupont', { firstName: 'Jean', lastName: 'Dupont' }],
    ['42 Dupont', { firstName: '42', lastName: 'Dupont' }],
  ])('splits %j', (name, expected) => {
    expect(splitAdvisorName(name)).toEqual(expected);
  });
});
