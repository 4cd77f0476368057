import { describe, expect, it } from 'vitest';
import { columnLetter, columnNames, detectHeaderRow, normaliseHeader, proposeMapping, resolveMapping } from '../../worker/columnMapping';

describe('column mapping', () => {
  it('normalises headers: accents, punctuation, currency signs', () => {
    expect(normaliseHeader('N° client')).toBe('n client');
    expect(normaliseHeader('Montant HT (€)')).toBe('montant ht');
    expect(normaliseHeader('E-mail')).toBe('e mail');
    expect(normaliseHeader("Date d'effet")).toBe('date d effet');
    expect(normaliseHeader('  Tél. ')).toBe('tel');
  });

  it('proposes a mapping from French and English synonyms', () => {
    expect(
      proposeMapping(['N° client', 'Nom', 'Prénom', 'E-mail', 'Tél.', 'N° de contrat', 'Produit', 'Compagnie', 'Conseiller', "Date d'effet", 'Montant HT (€)', 'Libellé']),
    ).toEqual({
      clientNumber: 'N° client', lastName: 'Nom', firstName: 'Prénom', email: 'E-mail', phone: 'Tél.', contractNumber: 'N° de contrat',
      product: 'Produit', insurer: 'Compagnie', advisor: 'Conseiller', date: "Date d'effet", amount: 'Montant HT (€)', label: 'Libellé',
    });
    expect(proposeMapping(['Client number', 'Nom du client', 'Police', 'Période', 'Commission'])).toEqual({
      clientNumber: 'Client number', lastName: 'Nom du client', contractNumber: 'Police', date: 'Période', amount: 'Commission',
    });
    expect(proposeMapping(['Numéro client', 'Montant', 'Date', 'Commentaire libre'])).toMatchObject({ clientNumber: 'Numéro client', amount: 'Montant', date: 'Date' });
    // Looser keyword matches when no exact synonym exists.
    expect(proposeMapping(['Référence du client chez nous', 'Montant versé', 'Date du virement'])).toEqual({
      clientNumber: 'Référence du client chez nous', amount: 'Montant versé', date: 'Date du virement',
    });
  });

  it('finds the header below title rows', () => {
    const rows = [['Bordereau de commissions'], ['Période : mars 2026'], [], ['N° client', 'Nom', 'Montant'], ['001', 'Dupont', '12']];
    expect(detectHeaderRow(rows)).toBe(3);
    expect(detectHeaderRow([['Bordereau'], ['Nom']])).toBe(-1);
  });

  it('names blank and duplicate columns so that each can be picked', () => {
    expect(columnNames(['Nom', null, 'Montant', 'montant', null, null])).toEqual(['Nom', 'Colonne B', 'Montant', 'montant (2)']);
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });

  it('checks a mapping against the columns, with French field errors', () => {
    const columns = ['N° client', 'Nom', 'Date', 'Montant', 'Contrat'];
    expect(resolveMapping({ clientNumber: 'N° client', lastName: 'Nom', date: 'Date', amount: 'montant' }, columns)).toEqual({
      ok: true,
      resolved: { clientNumber: 0, lastName: 1, date: 2, amount: 3 },
    });
    const missing = resolveMapping({ lastName: 'Nom', amount: 'Inconnue', label: 'Nom' }, columns);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.errors['mapping.amount']).toMatch(/n’existe pas/);
      expect(missing.errors['mapping.date']).toMatch(/date/);
      expect(missing.errors['mapping.clientNumber']).toMatch(/numéro client/);
      expect(missing.errors['mapping.label']).toMatch(/déjà utilisée/);
    }
    // Contract-only statements (no client details) are fine.
    expect(resolveMapping({ contractNumber: 'Contrat', date: 'Date', amount: 'Montant' }, columns).ok).toBe(true);
  });
});
