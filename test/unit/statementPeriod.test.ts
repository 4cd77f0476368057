import { describe, expect, it } from 'vitest';
import { parseContractStatus } from '../../statements/cellValues';
import { isStatementPeriod, periodFirstDay, periodInText, periodLabel, proposePeriod } from '../../statements/mapping/statementPeriod';

describe('statement period', () => {
  it('reads the month a title row names', () => {
    expect(periodInText('Bordereau de commissions — Octobre 2026')).toBe('2026-10');
    expect(periodInText('Période : mars 2026 — Cabinet Conance')).toBe('2026-03');
    expect(periodInText('RELEVÉ DE COMMISSIONS FÉVRIER 2027')).toBe('2027-02');
    expect(periodInText('Commissions août 2026')).toBe('2026-08');
    expect(periodInText('Commissions déc. 2026')).toBe('2026-12');
    expect(periodInText('Bordereau 10/2026')).toBe('2026-10');
    expect(periodInText('Bordereau 2026-10')).toBe('2026-10');
    expect(periodInText('Période du 01/10/2026 au 31/10/2026')).toBe('2026-10');
  });

  it('names no month when the text names none, or several', () => {
    expect(periodInText('Bordereau de commissions — Mutuelle Atlantique')).toBeNull();
    expect(periodInText('Commissions de septembre à novembre 2026')).toBeNull();
    expect(periodInText('Période du 01/09/2026 au 31/10/2026')).toBeNull();
    // An edition date is not the statement's month.
    expect(periodInText('Édité le 05/11/2026')).toBeNull();
    expect(periodInText('Exercice 2026-2027')).toBeNull();
    expect(periodInText('Total 13/2026')).toBeNull();
  });

  it('proposes the title rows first, then the sheet name, then the file name', () => {
    expect(proposePeriod({ titleRows: ['Cabinet Conance', 'Bordereau de commissions — Octobre 2026'], sheetName: 'Mars 2026' })).toEqual({
      period: '2026-10',
      text: 'Bordereau de commissions — Octobre 2026',
    });
    expect(proposePeriod({ titleRows: ['Cabinet Conance'], sheetName: 'Feuil1', fileName: 'AXA novembre 2026.xlsx' })).toEqual({ period: '2026-11', text: 'AXA novembre 2026' });
    expect(proposePeriod({ titleRows: [], sheetName: 'Feuil1', fileName: 'export.xlsx' })).toBeNull();
  });

  it('validates and shows periods', () => {
    expect(isStatementPeriod('2026-10')).toBe(true);
    for (const bad of ['2026-13', '2026-1', '26-10', '1899-12', '2026-10-01', '']) expect(isStatementPeriod(bad), bad).toBe(false);
    expect(periodFirstDay('2026-10')).toBe('2026-10-01');
    expect(periodLabel('2026-08')).toBe('août 2026');
  });
});

describe('contract status words', () => {
  it.each([
    ['En cours', 'active'],
    ['Actif', 'active'],
    ['ACTIVE', 'active'],
    ['En vigueur', 'active'],
    ['Résilié', 'terminated'],
    ['résiliée', 'terminated'],
    ['Terminé', 'terminated'],
    ['Sans effet', 'terminated'],
    ['SANS-EFFET', 'terminated'],
    ['Racheté', 'terminated'],
    ['Rachat total', 'terminated'],
    ['Échu', 'terminated'],
    ['Clôturé.', 'terminated'],
  ])('reads « %s » as %s', (word, status) => {
    expect(parseContractStatus(word)).toEqual({ ok: true, value: status });
  });

  it('leaves a blank cell unsaid and refuses an unknown word', () => {
    expect(parseContractStatus(null)).toBeNull();
    expect(parseContractStatus('   ')).toBeNull();
    expect(parseContractStatus('Suspendu')).toMatchObject({ ok: false, message: expect.stringMatching(/Statut de contrat inconnu : « Suspendu »/) });
  });
});
