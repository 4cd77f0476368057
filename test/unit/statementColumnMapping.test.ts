import { columnLetter } from '../../statements/cellAddress';
import { describe, expect, it } from 'vitest';
import { columnNames, detectHeaderRow, headerFingerprint, namesContractDate, normaliseHeader, proposeMapping, resolveMapping } from '../../statements/mapping/columnMapping';

describe('column mapping', () => {
  it('normalises headers: accents, punctuation, currency signs', () => {
    expect(normaliseHeader('N° client')).toBe('n client');
    expect(normaliseHeader('Montant HT (€)')).toBe('montant ht');
    expect(normaliseHeader('E-mail')).toBe('e mail');
    expect(normaliseHeader("Date d'effet")).toBe('date d effet');
    expect(normaliseHeader('  Tél. ')).toBe('tel');
  });

  it('proposes a mapping from French and English synonyms', () => {
    expect(proposeMapping(['N° client', 'Nom', 'Prénom', 'E-mail', 'Tél.', 'N° de contrat', 'Produit', 'Compagnie', 'Conseiller', "Date d'effet", 'Montant HT (€)', 'Libellé'])).toEqual({
      clientNumber: 'N° client',
      lastName: 'Nom',
      firstName: 'Prénom',
      email: 'E-mail',
      phone: 'Tél.',
      contractNumber: 'N° de contrat',
      // "Date d'effet" is the contract's start, never the commission's date.
      product: 'Produit',
      insurer: 'Compagnie',
      advisor: 'Conseiller',
      startDate: "Date d'effet",
      amount: 'Montant HT (€)',
      label: 'Libellé',
    });
    expect(proposeMapping(['Client number', 'Nom du client', 'Police', 'Période', 'Commission'])).toEqual({
      clientNumber: 'Client number',
      lastName: 'Nom du client',
      contractNumber: 'Police',
      date: 'Période',
      amount: 'Commission',
    });
    expect(proposeMapping(['Numéro client', 'Montant', 'Date', 'Commentaire libre'])).toMatchObject({ clientNumber: 'Numéro client', amount: 'Montant', date: 'Date' });
    // Looser keyword matches when no exact synonym exists.
    expect(proposeMapping(['Référence du client chez nous', 'Montant versé', 'Date du virement'])).toEqual({
      clientNumber: 'Référence du client chez nous',
      amount: 'Montant versé',
      date: 'Date du virement',
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
      expect(missing.errors.period).toMatch(/date des commissions/);
      expect(missing.errors['mapping.clientNumber']).toMatch(/numéro client/);
      expect(missing.errors['mapping.label']).toMatch(/déjà utilisée/);
    }
    // Contract-only statements (no client details) are fine.
    expect(resolveMapping({ contractNumber: 'Contrat', date: 'Date', amount: 'Montant' }, columns).ok).toBe(true);
  });

  it('maps the commission date, the contract dates and the status from their own synonyms', () => {
    const october = ['N° contrat', 'Date d’effet', 'Date de valeur', 'Statut', 'Date de résiliation', 'Commission'];
    expect(proposeMapping(october)).toEqual({
      contractNumber: 'N° contrat',
      startDate: 'Date d’effet',
      date: 'Date de valeur',
      status: 'Statut',
      endDate: 'Date de résiliation',
      amount: 'Commission',
    });
    for (const header of ['Date de valeur', 'Date de paiement', 'Date de commission', 'Date d’échéance de la commission', 'Période', 'Mois']) {
      expect(proposeMapping(['Police', header, 'Montant']).date, header).toBe(header);
    }
    for (const header of ['Date d’effet', 'Date de souscription', 'Date d’adhésion']) {
      expect(proposeMapping(['Police', header, 'Montant']), header).toEqual({ contractNumber: 'Police', startDate: header, amount: 'Montant' });
    }
    for (const header of ['Date de résiliation', 'Date de fin', 'Date de sortie']) {
      expect(proposeMapping(['Police', header, 'Montant']).endDate, header).toBe(header);
    }
    for (const header of ['Statut', 'État', 'Situation']) expect(proposeMapping(['Police', header, 'Montant']).status, header).toBe(header);
    // Looser headers: a contract date is never taken for the commission date, nor a contract number.
    expect(proposeMapping(['Police', 'Date d’effet initiale', 'Date de résiliation du contrat', 'Date de la commission versée', 'Montant'])).toEqual({
      contractNumber: 'Police',
      startDate: 'Date d’effet initiale',
      endDate: 'Date de résiliation du contrat',
      date: 'Date de la commission versée',
      amount: 'Montant',
    });
  });

  it('never reads the commission date from a contract date, and asks for the period without a date column', () => {
    const columns = ['Police', "Date d'effet", 'Montant'];
    expect(namesContractDate("Date d'effet")).toBe(true);
    expect(namesContractDate('Date d’effet initiale')).toBe(true);
    expect(namesContractDate('Date de valeur')).toBe(false);
    const chosen = resolveMapping({ contractNumber: 'Police', date: "Date d'effet", amount: 'Montant' }, columns);
    expect(chosen).toEqual({ ok: false, errors: { 'mapping.date': expect.stringMatching(/date du contrat, pas celle de la commission/) } });
    const noDate = resolveMapping({ contractNumber: 'Police', startDate: "Date d'effet", amount: 'Montant' }, columns);
    expect(noDate).toEqual({ ok: false, errors: { period: expect.stringMatching(/indiquez le mois du bordereau/) } });
    expect(resolveMapping({ contractNumber: 'Police', startDate: "Date d'effet", amount: 'Montant' }, columns, { period: '2026-10' })).toEqual({
      ok: true,
      resolved: { contractNumber: 0, startDate: 1, amount: 2 },
    });
  });

  it('fingerprints a header row as the set of its normalised headers', () => {
    const axa = headerFingerprint(['N° client', 'Nom', 'Date de valeur', 'Montant HT (€)']);
    expect(headerFingerprint(['montant ht', 'DATE DE VALEUR', 'n client', 'Nom'])).toBe(axa);
    expect(headerFingerprint(['N° client', 'Nom', 'Date de valeur', 'Montant HT (€)', 'Nom'])).toBe(axa);
    expect(headerFingerprint(['N° client', 'Nom', 'Date de valeur'])).not.toBe(axa);
    expect(headerFingerprint(['N° client', 'Nom', 'Date de valeur', 'Montant TTC'])).not.toBe(axa);
    expect(axa).toMatch(/^[0-9a-f]{64}$/);
  });
});
