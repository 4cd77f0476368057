import { describe, expect, it } from 'vitest';
import { keptAmongSources, mergedNumbers, mergeGroup, mergePatch, mergeRefusedByErasure, missingSources, staleMember, versionsOutsideGroup } from '../../api/duplicates/mergeRules';

/**
 * The rules of a merge of duplicate clients, without the database: who takes part, what refuses
 * the merge, which values the kept client ends with and which numbers become its aliases. The
 * SQL that applies them is tested against PostgreSQL in test/api/merge*.test.ts.
 */
describe('merge rules: the group', () => {
  it('the group is the kept client and the absorbed ones, in id order (the lock order)', () => {
    expect(mergeGroup(7, [12, 3, 9])).toEqual([3, 7, 9, 12]);
    expect(mergeGroup(10, [9, 100])).toEqual([9, 10, 100]);
  });

  it('a client cannot be merged into itself', () => {
    expect(keptAmongSources(4, [2, 4])).toBe(true);
    expect(keptAmongSources(4, [2, 5])).toBe(false);
  });

  it('versions naming a client outside the group are reported, by id', () => {
    expect(versionsOutsideGroup({ '3': 1, '8': 2, '11': 1 }, [3, 11])).toEqual(['8']);
    expect(versionsOutsideGroup({ '3': 1 }, [3, 4])).toEqual([]);
  });

  it('no versions sent: none is outside the group', () => {
    expect(versionsOutsideGroup(undefined, [1, 2])).toEqual([]);
  });

  it('the absorbed clients that no longer exist are named, the existing ones are not', () => {
    expect(missingSources([2, 5, 9], [1, 5])).toEqual([2, 9]);
    expect(missingSources([2, 5], [2, 5, 1])).toEqual([]);
  });
});

describe('merge rules: what refuses a merge', () => {
  it('nothing merges into an anonymised client (erased means erased)', () => {
    expect(mergeRefusedByErasure({ anonymised_at: new Date('2026-11-01T00:00:00Z') })).toBe(true);
    expect(mergeRefusedByErasure({ anonymised_at: '2026-11-01T00:00:00Z' })).toBe(true);
  });

  it('a kept client never anonymised takes the merge', () => {
    expect(mergeRefusedByErasure({ anonymised_at: null })).toBe(false);
    expect(mergeRefusedByErasure({})).toBe(false);
  });

  it('a client whose version changed since the merge page read it is stale', () => {
    const rows = [
      { id: 1, version: 3 },
      { id: 2, version: 5 },
      { id: 3, version: 1 },
    ];
    expect(staleMember(rows, { '1': 3, '2': 4, '3': 0 })).toBe(rows[1]);
  });

  it('versions equal to the rows, or not sent, are never stale', () => {
    const rows = [
      { id: 1, version: 3 },
      { id: 2, version: 5 },
    ];
    expect(staleMember(rows, { '1': 3, '2': 5 })).toBeUndefined();
    expect(staleMember(rows, { '2': 5 })).toBeUndefined();
    expect(staleMember(rows, {})).toBeUndefined();
  });

  it('a version of 0 sent is compared, not taken for none', () => {
    expect(staleMember([{ id: 1, version: 2 }], { '1': 0 })).toEqual({ id: 1, version: 2 });
  });
});

describe('merge rules: the values the kept client takes', () => {
  it('every chosen field goes to its column', () => {
    expect(mergePatch({ clientNumber: 'C-1', lastName: 'Martin', firstName: 'Léa', email: 'lea@exemple.fr', phone: '+33612345678', address: '1 rue de Paris', advisorId: 4 })).toEqual({
      client_number: 'C-1',
      last_name: 'Martin',
      first_name: 'Léa',
      email: 'lea@exemple.fr',
      phone: '+33612345678',
      address: '1 rue de Paris',
      advisor_id: 4,
    });
  });

  it('only the fields sent are changed; a null sent clears the field', () => {
    expect(mergePatch({ email: null, lastName: 'Durand' })).toStrictEqual({ last_name: 'Durand', email: null });
    expect(mergePatch({})).toStrictEqual({});
  });

  it('fields that are not client fields are not written', () => {
    expect(mergePatch({ version: 3 } as never)).toEqual({});
  });
});

describe('merge rules: numbers and aliases', () => {
  it('the kept client keeps its number when none is chosen; the others become aliases', () => {
    expect(mergedNumbers(undefined, 'K-1', ['S-1', null, 'S-2'])).toEqual({ numberRequired: false, finalNumber: 'K-1', aliases: ['S-1', 'S-2'] });
  });

  it('a chosen number replaces the kept one, which becomes an alias', () => {
    expect(mergedNumbers('S-1', 'K-1', ['S-1'])).toEqual({ numberRequired: false, finalNumber: 'S-1', aliases: ['K-1'] });
  });

  it('a number equal to the final one but for case and spaces is not an alias', () => {
    expect(mergedNumbers(undefined, 'ab 12', ['AB  12 ', 'C-3'])).toEqual({ numberRequired: false, finalNumber: 'ab 12', aliases: ['C-3'] });
  });

  it('a group that had numbers must keep one: clearing it is refused', () => {
    expect(mergedNumbers(null, 'K-1', [])).toEqual({ numberRequired: true });
    expect(mergedNumbers('', null, ['S-1'])).toEqual({ numberRequired: true });
    expect(mergedNumbers(undefined, null, ['S-1'])).toEqual({ numberRequired: true });
  });

  it('a group without any number may stay without one', () => {
    expect(mergedNumbers(undefined, null, [null, ''])).toEqual({ numberRequired: false, finalNumber: null, aliases: [] });
    expect(mergedNumbers(null, null, [])).toEqual({ numberRequired: false, finalNumber: null, aliases: [] });
  });

  it('a number chosen for a group without numbers has no alias to leave', () => {
    expect(mergedNumbers('N-9', null, [null])).toEqual({ numberRequired: false, finalNumber: 'N-9', aliases: [] });
  });
});
