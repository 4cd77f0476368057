import { describe, expect, it } from 'vitest';
import { defaultChoices, defaultKept } from '../../admin/src/duplicates/mergeChoices';
import { parseGroupId } from '../../api/duplicates/duplicateSchemas';
import { groupPairs } from '../../api/duplicates/duplicateService';

describe('duplicate groups', () => {
  it('groups connected pairs, scores a group by its strongest pair and keeps the reasons in a fixed order', () => {
    const groups = groupPairs([
      { client_a: 1, client_b: 5, score: 60, reasons: ['same_name'] },
      { client_a: 5, client_b: 9, score: 85, reasons: ['same_email', 'same_name'] },
      { client_a: 2, client_b: 3, score: 55, reasons: ['swapped_names'] },
    ]);
    expect(groups.map((g) => [g.id, g.score, g.reasons])).toEqual([
      ['1-5-9', 85, ['same_name', 'same_email']],
      ['2-3', 55, ['swapped_names']],
    ]);
  });

  it('reads a group id strictly: ascending distinct ids within PostgreSQL’s integer', () => {
    expect(parseGroupId('3-17-200')).toEqual([3, 17, 200]);
    for (const bad of ['3', '17-3', '3-3', '0-1', '1-2147483648', '1--2', ' 1-2', '1-2-']) expect(() => parseGroupId(bad), bad).toThrow(/Identifiant de groupe invalide/);
  });
});

describe('merge choices', () => {
  const clients = [
    { id: 4, contracts: 0, commissions: 0, lastName: 'ANDRE', firstName: 'Elodie', email: 'e.andre@exemple.fr', phone: null, address: '' },
    { id: 7, contracts: 2, commissions: 5, lastName: 'André', firstName: 'Élodie', email: null, phone: '+33611223344', address: '3 rue des Lilas' },
  ];
  it('keeps the client with most history, and pre-fills each field with the most complete value', () => {
    expect(defaultKept(clients)).toBe(7);
    const choices = defaultChoices(clients, 7);
    expect(choices.email).toBe(4);
    expect(choices.phone).toBe(7);
    expect(choices.address).toBe(7);
    // A tie goes to the kept client.
    expect(choices.lastName).toBe(7);
    expect(defaultChoices(clients, 4).lastName).toBe(4);
  });
  it('proposes the kept client’s own number, however long the other one is', () => {
    const numbered = [
      { id: 134, contracts: 3, commissions: 9, lastName: 'Benard', firstName: 'Hugo', clientNumber: 'C-134' },
      { id: 205, contracts: 0, commissions: 0, lastName: 'Benard', firstName: 'Hugo', clientNumber: 'WALK-NEW-10' },
    ];
    expect(defaultChoices(numbered, 134).clientNumber).toBe(134);
    expect(defaultChoices(numbered, 205).clientNumber).toBe(205);
    // A kept client without a number takes the other's (the merge refuses a kept client left without one).
    expect(defaultChoices([{ ...numbered[0], clientNumber: null }, numbered[1]], 134).clientNumber).toBe(205);
  });
});
