import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_SCORE, STORED_SCORE_FLOOR, scorePair, type ClientIdentity } from '../../api/duplicates/duplicateScore';

/**
 * A client without a first name (an import that had no "Prénom" column, a record typed in a
 * hurry) against one with a first name. The missing first name is unknown, not different: it is
 * never the same name (that needs the same first name), never a family either (that needs two
 * different first names), so shared contact details still make the pair worth a look, and a
 * shared last name alone does not. Whichever client comes first, the score is the same.
 */
const person = (lastName: string, firstName: string | null, more: Partial<ClientIdentity> = {}): ClientIdentity => ({
  lastName,
  firstName,
  email: null,
  phone: null,
  address: null,
  ...more,
});
const both = (a: ClientIdentity, b: ClientIdentity) => {
  const forward = scorePair(a, b);
  expect(scorePair(b, a), 'the same score in both orders').toEqual(forward);
  return forward;
};
const EMAIL = { email: 'dupont@exemple.fr' };
const PHONE = { phone: '+33612345678' };

describe('a client without a first name against one with a first name', () => {
  it('is never the same name, nor swapped names, whatever spells the missing first name', () => {
    for (const missing of [null, '', '   ', '-']) {
      for (const named of ['Jean', 'Marie-Claire', 'Dupont']) {
        const { reasons } = both(person('Dupont', missing), person('Dupont', named));
        expect(reasons, `${JSON.stringify(missing)} / ${named}`).not.toContain('same_name');
        expect(reasons).not.toContain('swapped_names');
      }
    }
    // A last name that folds to nothing ("-") does not make the missing first name match it either.
    expect(both(person('Jean', null), person('-', 'Jean')).reasons).not.toContain('swapped_names');
  });

  it('with the same email or phone, is a pair worth a look, not capped as a family', () => {
    expect(both(person('Dupont', null, EMAIL), person('Dupont', 'Jean', EMAIL))).toEqual({ score: 60, reasons: ['similar_names', 'same_email'] });
    expect(both(person('Dupont', null, PHONE), person('DUPONT', 'Jean', { phone: '06 12 34 56 78'.replace(/^0/, '+33') }))).toEqual({ score: 60, reasons: ['similar_names', 'same_phone'] });
    const strong = both(person('Dupont', '', { ...EMAIL, ...PHONE }), person('Dupont', 'Jean', { ...EMAIL, ...PHONE }));
    expect(strong).toEqual({ score: 85, reasons: ['similar_names', 'same_email', 'same_phone'] });
    for (const score of [strong.score, both(person('Dupont', null, EMAIL), person('Dupont', 'Jean', EMAIL)).score]) expect(score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
  });

  it('scores less than the same person with both first names given', () => {
    const missing = both(person('Dupont', null, EMAIL), person('Dupont', 'Jean', EMAIL));
    const given = both(person('Dupont', 'Jean', EMAIL), person('Dupont', 'Jean', EMAIL));
    expect(missing.score).toBeLessThan(given.score);
    expect(given.reasons).toContain('same_name');
  });

  it('sharing only the last name, stays below the storage floor', () => {
    const { score, reasons } = both(person('Dupont', null), person('Dupont', 'Jean'));
    expect(reasons).toEqual(['similar_names']);
    expect(score).toBeLessThan(STORED_SCORE_FLOOR);
  });

  it('with contact details only and another last name, counts the details alone', () => {
    expect(both(person('Durand', null, EMAIL), person('Dupont', 'Jean', EMAIL))).toEqual({ score: 25, reasons: ['same_email'] });
    expect(both(person('Durand', null, { ...EMAIL, ...PHONE }), person('Dupont', 'Jean', { ...EMAIL, ...PHONE }))).toEqual({ score: 50, reasons: ['same_email', 'same_phone'] });
  });
});

describe('two clients without a first name', () => {
  it('are the same name when their last names are', () => {
    expect(both(person('Bernard', null), person('BERNARD', ''))).toEqual({ score: 60, reasons: ['same_name'] });
    expect(both(person('Bernard', null, EMAIL), person('Bernard', null, EMAIL))).toEqual({ score: 85, reasons: ['same_name', 'same_email'] });
  });
});

describe('the score of a pair', () => {
  it('is the same whichever client comes first, first names missing or not', () => {
    const names = fc.constantFrom('Dupont', 'DUPONT', 'Dupond', 'Jean', 'Martin', 'Le Fèvre', 'Lefèvre');
    const firstNames = fc.constantFrom(null, '', ' ', 'Jean', 'jean', 'Jeanne', 'Dupont', 'Marie', 'Jean-Pierre');
    const contact = fc.constantFrom(null, 'a@exemple.fr', 'A@exemple.fr ');
    const phone = fc.constantFrom(null, '+33612345678', '0612345678', '+33699999999');
    const address = fc.constantFrom(null, '3 rue des Lilas', '3, rue des lilas', '1 place Neuve');
    const identity = fc.record({ lastName: names, firstName: firstNames, email: contact, phone, address });
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        expect(scorePair(b, a)).toEqual(scorePair(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
