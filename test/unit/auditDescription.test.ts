import { describe, expect, it } from 'vitest';
import { describeAuditEntry, historyText, referencedIds } from '../../shared/history/auditDescription';
import { formatHistoryTime } from '../../shared/history/historyValues';

/** The history's one description of each audit entry, in French and in English. */
const text = (entry: Parameters<typeof describeAuditEntry>[0], language: 'fr' | 'en' = 'fr', names = {}) => historyText(describeAuditEntry(entry, language, names), language);

describe('history descriptions', () => {
  it('says a merge in sentences: who was absorbed, into whom, what moved', () => {
    const kept = {
      action: 'merge',
      recordType: 'client',
      changes: {
        email: { before: null, after: 'hugo@exemple.fr' },
        mergedClients: { before: [{ id: 205, lastName: 'Benard', firstName: 'Hugo', clientNumber: 'WALK-NEW-10', email: 'hugo@exemple.fr' }], after: null },
        aliases: { before: [], after: ['WALK-NEW-10'] },
        contracts: { before: [7, 8], after: 134 },
        commissions: { before: 5, after: 134 },
      },
    };
    expect(text(kept)).toBe(
      ['Fusion : Benard Hugo (WALK-NEW-10) absorbé', 'E-mail : (vide) → hugo@exemple.fr', 'Anciens numéros : WALK-NEW-10', 'Contrats transférés : 2', 'Commissions transférées : 5'].join('\n'),
    );
    expect(text(kept, 'en')).toBe(
      ['Merge: Benard Hugo (WALK-NEW-10) absorbed', 'Email: (empty) → hugo@exemple.fr', 'Former numbers: WALK-NEW-10', 'Contracts moved: 2', 'Commissions moved: 5'].join('\n'),
    );
    const two = {
      ...kept,
      changes: {
        mergedClients: {
          before: [
            { lastName: 'A', clientNumber: '1' },
            { lastName: 'B', firstName: 'Bo' },
          ],
          after: null,
        },
      },
    };
    expect(text(two)).toBe('Fusion : A (1) et B Bo absorbés');

    const absorbed = { action: 'merge', recordType: 'client', changes: { mergedInto: { before: 205, after: 134 } } };
    expect(referencedIds([absorbed])).toEqual({ advisors: [], clients: [205, 134], contracts: [] });
    expect(text(absorbed, 'fr', { clients: new Map([[134, 'Benard Hugo (C-134)']]) })).toBe('Fusion : absorbé par Benard Hugo (C-134)');
    expect(text(absorbed)).toBe('Fusion : absorbé par client n° 134');
    // Erased by an anonymisation since.
    expect(text({ ...kept, changes: { mergedClients: { before: '[donnée effacée]', after: '[donnée effacée]' } } }, 'en')).toBe('Merge: [erased] absorbed');
  });

  it('names the import, the export and the anonymisation, and formats values by field', () => {
    expect(
      text({ action: 'import', recordType: 'client', importId: 12, changes: { lastName: { before: 'ANDRE', after: 'André' }, advisorId: { before: null, after: 3 } } }, 'fr', {
        advisors: new Map([[3, 'Claire Fontaine']]),
      }),
    ).toBe(['Mise à jour par l’import n° 12', 'Nom : ANDRE → André', 'Conseiller référent : (vide) → Claire Fontaine'].join('\n'));
    expect(text({ action: 'import', recordType: 'client', importId: 12, changes: { clientNumber: { before: null, after: 'C-1' }, lastName: { before: null, after: 'Neuf' } } }, 'en')).toBe(
      ['Created by import no. 12', 'Last name: Neuf', 'Client number: C-1'].join('\n'),
    );
    expect(text({ action: 'export', recordType: 'client', changes: { format: { before: null, after: 'xlsx' } } })).toBe('Export des données personnelles (Excel)');
    expect(text({ action: 'anonymise', recordType: 'client', changes: { lastName: { before: '[donnée effacée]', after: 'Client anonymisé n° 9' } } }, 'en')).toBe(
      'Anonymised: personal data erased\nLast name: [erased] → Client anonymisé n° 9',
    );
    expect(text({ action: 'update', recordType: 'contract', changes: { status: { before: 'active', after: 'terminated' }, endDate: { before: null, after: '2026-10-31' } } })).toBe(
      'Statut : Actif → Résilié\nDate de fin : (vide) → 31/10/2026',
    );
    expect(text({ action: 'create', recordType: 'commission', changes: { amount: { before: null, after: '1234.5' }, phone: { before: null, after: '+33612345678' } } })).toBe(
      'Téléphone : 06 12 34 56 78\nMontant : 1\u202f234,50\u00a0€',
    );
    expect(text({ action: 'delete', recordType: 'client', changes: { email: { before: 'a@b.fr', after: null } } }, 'en')).toBe('Email: a@b.fr');
    expect(text({ action: 'update', recordType: 'client', changes: {} })).toBe('Aucun champ modifié');
  });

  it('writes times in Paris time, in the language’s format', () => {
    expect(formatHistoryTime('2026-12-03T13:05:00Z', 'fr')).toBe('03/12/2026 14:05');
    expect(formatHistoryTime('2026-07-01T22:30:00Z', 'fr')).toBe('02/07/2026 00:30');
    expect(formatHistoryTime('2026-12-03T13:05:00Z', 'en')).toBe('03/12/2026, 14:05');
  });
});
