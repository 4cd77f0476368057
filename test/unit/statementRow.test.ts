import { describe, expect, it } from 'vitest';
import { readStatementRow, splitAdvisorName } from '../../statements/verdicts/statementRow';
import { mergeClients } from '../../statements/writer/statementWriter';

const columns = ['N° client', 'Nom', 'Prénom', 'E-mail', 'Tél.', 'Contrat', 'Conseiller', 'Date', 'Montant', 'Libellé'];
const mapping = { clientNumber: 0, lastName: 1, firstName: 2, email: 3, phone: 4, contractNumber: 5, advisor: 6, date: 7, amount: 8, label: 9 };

describe('readStatementRow', () => {
  it('normalises a line as the API stores clients', () => {
    const row = readStatementRow([4567, ' Le  Gall ', 'Anne', ' Anne.LeGall@Exemple.FR ', '06 12 34 56 78', 'CT-1', 'Claire Fontaine', '01/03/2026', '1\u00a0234,56 €', 'Mars'], mapping, columns);
    expect(row).toEqual({
      kind: 'line',
      line: {
        clientNumber: '4567',
        lastName: 'Le Gall',
        firstName: 'Anne',
        email: 'anne.legall@exemple.fr',
        phone: '+33612345678',
        address: null,
        contractNumber: 'CT-1',
        product: null,
        insurer: null,
        advisor: 'Claire Fontaine',
        status: null,
        startDate: null,
        endDate: null,
        date: '2026-03-01',
        amount: '1234.56',
        label: 'Mars',
      },
    });
  });

  it('ignores empty rows and skips totals lines', () => {
    expect(readStatementRow([null, '  ', undefined as never], mapping, columns)).toEqual({ kind: 'empty' });
    expect(readStatementRow(['TOTAL', null, null, null, null, null, null, null, 3322.06], mapping, columns)).toEqual({ kind: 'summary' });
    expect(readStatementRow([null, null, null, null, null, null, null, null, 12, 'Sous-total mars'], mapping, columns)).toEqual({ kind: 'summary' });
    // A client called "Total" with a number is a client.
    expect(readStatementRow(['0042', 'Total', null, null, null, null, null, '01/03/2026', 5], mapping, columns).kind).toBe('line');
  });

  it('rejects a row as a whole, with every reason and its column', () => {
    const row = readStatementRow([null, 'Sans numéro', null, 'pas-un-email', '12', null, null, '31/02/2026', 'abc'], mapping, columns);
    expect(row.kind).toBe('rejected');
    if (row.kind !== 'rejected') return;
    expect(row.errors.map((e) => e.column)).toEqual(['N° client', 'Montant', 'Date', 'E-mail', 'Tél.']);
    expect(row.errors[0].message).toMatch(/Numéro client manquant/);
    expect(readStatementRow(['1', 'A', null, null, null, null, null, null, '12'], mapping, columns)).toMatchObject({
      kind: 'rejected',
      errors: [{ column: 'Date', message: 'Date de la commission manquante.' }],
    });
  });

  it('needs a contract number when no client column is mapped', () => {
    const contractOnly = { contractNumber: 0, date: 1, amount: 2 };
    expect(readStatementRow(['P-1', 46082, 10], contractOnly, ['Police', 'Date', 'Montant']).kind).toBe('line');
    expect(readStatementRow([null, 46082, 10], contractOnly, ['Police', 'Date', 'Montant'])).toMatchObject({ kind: 'rejected', errors: [{ column: 'Police' }] });
  });
});

describe('contract terms, the period and the file insurer', () => {
  const terms = ['Police', 'Statut', 'Date d’effet', 'Date de résiliation', 'Compagnie', 'Montant'];
  const termsMapping = { contractNumber: 0, status: 1, startDate: 2, endDate: 3, insurer: 4, amount: 5 };

  it('dates every line with the period when no column gives the commission date, and reads the contract terms', () => {
    const row = readStatementRow(['P-1', 'Résilié', '15/01/2024', '30/09/2026', null, '12,50'], termsMapping, terms, { period: '2026-10', insurer: 'AXA France' });
    expect(row).toMatchObject({ kind: 'line', line: { date: '2026-10-01', status: 'terminated', startDate: '2024-01-15', endDate: '2026-09-30', insurer: 'AXA France', amount: '12.50' } });
    // The insurer column, when it says something, wins over the file's insurer.
    expect(readStatementRow(['P-1', 'En cours', null, null, 'Generali', '1'], termsMapping, terms, { period: '2026-10', insurer: 'AXA France' })).toMatchObject({
      line: { insurer: 'Generali', status: 'active', startDate: null, endDate: null },
    });
  });

  it('rejects unknown status words, invalid contract dates and an end before the start, naming their columns', () => {
    const unknown = readStatementRow(['P-1', 'Peut-être', '32/01/2024', null, null, '1'], termsMapping, terms, { period: '2026-10' });
    expect(unknown).toMatchObject({
      kind: 'rejected',
      errors: [
        { column: 'Date d’effet', message: expect.stringMatching(/^Date d’effet du contrat : Date invalide/) },
        { column: 'Statut', message: expect.stringMatching(/Statut de contrat inconnu : « Peut-être »/) },
      ],
    });
    expect(readStatementRow(['P-1', null, '01/10/2026', '01/09/2026', null, '1'], termsMapping, terms, { period: '2026-10' })).toMatchObject({
      kind: 'rejected',
      errors: [{ column: 'Date de résiliation', message: 'La date de fin du contrat précède sa date d’effet.' }],
    });
  });
});

describe('advisor names and client merging', () => {
  it('splits advisor names written either way', () => {
    expect(splitAdvisorName('Claire Fontaine')).toEqual({ firstName: 'Claire', lastName: 'Fontaine' });
    expect(splitAdvisorName('FONTAINE Claire')).toEqual({ firstName: 'Claire', lastName: 'FONTAINE' });
    expect(splitAdvisorName('Jean-Marc DE LA TOUR')).toEqual({ firstName: 'Jean-Marc', lastName: 'DE LA TOUR' });
    expect(splitAdvisorName('Cabinet')).toEqual({ firstName: '', lastName: 'Cabinet' });
  });

  it('merges the rows of one client: last row wins, blanks never erase, the first spelling of the number stays', () => {
    const base = {
      lastName: null,
      firstName: null,
      email: null,
      phone: null,
      address: null,
      contractNumber: null,
      product: null,
      insurer: null,
      advisor: null,
      status: null,
      startDate: null,
      endDate: null,
      date: '2026-03-01',
      amount: '1.00',
      label: null,
    };
    const merged = mergeClients([
      { row: 5, line: { ...base, clientNumber: 'ab1', lastName: 'Dupont', firstName: 'Jean', email: 'a@x.fr' } },
      { row: 6, line: { ...base, clientNumber: 'AB1', email: 'b@x.fr' } },
      { row: 7, line: { ...base, clientNumber: 'C2', lastName: 'Autre' } },
    ]);
    expect([...merged.keys()]).toEqual(['ab1', 'c2']);
    expect(merged.get('ab1')).toMatchObject({ clientNumber: 'ab1', lastName: 'Dupont', firstName: 'Jean', email: 'b@x.fr' });
  });
});
