import { describe, expect, it } from 'vitest';
import {
  addNeedles,
  anonymisationTargets,
  anonymisedName,
  blankedColumns,
  erasureChanges,
  erasureChunks,
  FINISHED_IMPORT_STATUSES,
  missingTargets,
  pendingErasure,
  sealedClients,
} from '../../api/personalData/anonymisationRules';
import { ERASED, type Needles } from '../../api/personalData/personalTraces';

/**
 * The rules of an erasure, without the database: which fields are blanked, whose keys are
 * deleted, which clients are left alone and what the trail says. The SQL that applies them is
 * tested against PostgreSQL in test/api/anonymisation.test.ts and test/api/erasureHoles.test.ts.
 */
const needles = (strong: string[], weak: string[] = [], phones: string[] = []): Needles => ({ strong: new Set(strong), weak: new Set(weak), phones: new Set(phones) });

describe('anonymisation rules: the fields', () => {
  it('an anonymised client is shown as a neutral label with its id', () => {
    expect(anonymisedName(42)).toBe('Client anonymisé n° 42');
  });

  it('first name, email, phone and address are blanked; the last name is not (it takes the label)', () => {
    expect(blankedColumns()).toEqual(['first_name', 'email', 'phone', 'address']);
  });

  it('the stored statement files are deleted only for imports that are over', () => {
    expect([...FINISHED_IMPORT_STATUSES]).toEqual(['completed', 'failed']);
  });
});

describe('anonymisation rules: whom it touches', () => {
  it('each client asked for is erased once, in id order', () => {
    expect(anonymisationTargets([9, 3, 9, 12, 3])).toEqual([3, 9, 12]);
    expect(anonymisationTargets([10, 9, 100])).toEqual([9, 10, 100]);
  });

  it('the clients asked for without a row are reported', () => {
    expect(missingTargets([1, 2, 3], [{ id: 2 }])).toEqual([1, 3]);
    expect(missingTargets([1, 2], [{ id: 1 }, { id: 2 }])).toEqual([]);
  });

  it('already anonymised clients are left as they are (a retry writes nothing)', () => {
    const rows = [
      { id: 1, anonymised_at: null },
      { id: 2, anonymised_at: new Date('2026-11-01T00:00:00Z') },
      { id: 3, anonymised_at: null },
    ];
    expect(pendingErasure(rows)).toEqual([1, 3]);
    expect(pendingErasure([{ id: 4, anonymised_at: '2026-11-01' }])).toEqual([]);
  });

  it('the selection is erased in chunks of at most the given size, none lost nor doubled', () => {
    expect(erasureChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(erasureChunks([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(erasureChunks([1], 50)).toEqual([[1]]);
    expect(erasureChunks([], 50)).toEqual([]);
  });

  it('the keys of the clients erased and of every client they absorbed are deleted (their trail sealed)', () => {
    expect(sealedClients([4, 7], [2, 9])).toEqual([4, 7, 2, 9]);
    expect(sealedClients([4], [])).toEqual([4]);
  });

  it('what every chunk found is looked for in the whole sweep', () => {
    const all = needles(['Martin'], ['Léa'], ['0612345678']);
    addNeedles(all, needles(['Durand', 'Martin'], ['Paul'], ['0698765432']));
    expect(all).toEqual(needles(['Martin', 'Durand'], ['Léa', 'Paul'], ['0612345678', '0698765432']));
  });
});

describe('anonymisation rules: the trail entry', () => {
  it('each personal field that held a value reads as erased, the last name becoming the label', () => {
    expect(erasureChanges({ id: 5, last_name: 'Martin', first_name: 'Léa', email: 'lea@exemple.fr', phone: '+33612345678', address: '1 rue de Paris' })).toEqual({
      lastName: { before: ERASED, after: 'Client anonymisé n° 5' },
      firstName: { before: ERASED, after: null },
      email: { before: ERASED, after: null },
      phone: { before: ERASED, after: null },
      address: { before: ERASED, after: null },
    });
  });

  it('a field that was empty is not said to be erased', () => {
    expect(erasureChanges({ id: 6, last_name: 'Martin', first_name: null, email: null, phone: null, address: null })).toEqual({
      lastName: { before: ERASED, after: 'Client anonymisé n° 6' },
    });
  });

  it('the entry never holds the erased values themselves', () => {
    const changes = erasureChanges({ id: 7, last_name: 'Martin', first_name: 'Léa', email: 'lea@exemple.fr', phone: null, address: null });
    expect(JSON.stringify(changes)).not.toMatch(/Martin|Léa|lea@/);
  });
});
