import { describe, expect, it } from 'vitest';
import { nameWord, scorePair, trigramSimilarity, type ClientIdentity } from '../../api/duplicates/duplicateScore';

/** The edges of the duplicate score: bounds of each rule, the family cap, the contact-only ceiling. */
const id = (lastName: string | null, firstName: string | null, contact: Partial<Pick<ClientIdentity, 'email' | 'phone' | 'address'>> = {}): ClientIdentity => ({
  lastName,
  firstName,
  email: contact.email ?? null,
  phone: contact.phone ?? null,
  address: contact.address ?? null,
});
const home = { email: 'foyer@exemple.fr', phone: '06 12 34 56 78' };

describe('duplicate score: names folded as in SQL', () => {
  it('ligatures and special letters fold to their plain spellings', () => {
    expect(nameWord('Œuvray')).toBe('oeuvray');
    expect(nameWord('Cœur')).toBe('coeur');
    expect(nameWord('Æbersold')).toBe('aebersold');
    expect(nameWord('Lætitia')).toBe('laetitia');
    expect(nameWord('Strauß')).toBe('strauss');
    expect(nameWord('Søren Øster')).toBe('sorenoster');
  });

  it('hyphens and spaces split the words compared by trigrams', () => {
    expect(trigramSimilarity('Jean-Pierre', 'jean  pierre')).toBe(1);
  });

  it('a name without any letter or digit is similar to nothing, itself included', () => {
    expect(trigramSimilarity('', '')).toBe(0);
    expect(trigramSimilarity('--', 'Martin')).toBe(0);
    expect(trigramSimilarity('Martin', ' - ')).toBe(0);
  });
});

describe('duplicate score: similar names', () => {
  it('a similarity of exactly 0.5 is similar (Jean and Jeanne): 30 points', () => {
    expect(trigramSimilarity('Jean', 'Jeanne')).toBe(0.5);
    expect(scorePair(id('Jean', null), id('Jeanne', null))).toEqual({ score: 30, reasons: ['similar_names'] });
  });

  it('a missing last name or first name takes no place in the comparison', () => {
    expect(scorePair(id(null, 'Jean'), id(null, 'Jeanne'))).toEqual({ score: 30, reasons: ['similar_names'] });
  });

  it('names given in the other fields are still compared (trigrams ignore the order)', () => {
    expect(scorePair(id('Dupont', 'Jean-Marc'), id('Jean Marc', 'Dupond'))).toEqual({ score: 47, reasons: ['similar_names'] });
  });
});

describe('duplicate score: contact details', () => {
  it('a phone of six digits is enough to match, whatever its separators; five is not', () => {
    expect(scorePair(id(null, null, { phone: '12 34 56' }), id(null, null, { phone: '123456' }))).toEqual({ score: 25, reasons: ['same_phone'] });
    expect(scorePair(id(null, null, { phone: '12345' }), id(null, null, { phone: '12345' }))).toEqual({ score: 0, reasons: [] });
  });

  it('an address of six letters and digits is enough to match, whatever its case; five is not', () => {
    expect(scorePair(id(null, null, { address: '100 rue' }), id(null, null, { address: '100 Rue' }))).toEqual({ score: 15, reasons: ['same_address'] });
    expect(scorePair(id(null, null, { address: '10 rue' }), id(null, null, { address: '10 rue' }))).toEqual({ score: 0, reasons: [] });
  });

  it('a shared address adds 15 points to a same name', () => {
    expect(scorePair(id('Martin', 'Jean', { address: '3 rue de la Paix' }), id('MARTIN', 'Jean', { address: '3 Rue de la Paix' }))).toEqual({ score: 75, reasons: ['same_name', 'same_address'] });
  });

  it('emails match whatever their case and surrounding spaces', () => {
    expect(scorePair(id(null, null, { email: ' Foyer@Exemple.fr ' }), id(null, null, { email: 'foyer@exemple.FR' }))).toEqual({ score: 25, reasons: ['same_email'] });
  });

  it('contact details alone never score above 50, however many are shared', () => {
    const contact = { ...home, address: '3 rue de la Paix' };
    expect(scorePair(id('Martin', 'Jean', contact), id('Durand', 'Jean', contact))).toEqual({ score: 50, reasons: ['same_email', 'same_phone', 'same_address'] });
  });
});

describe('duplicate score: the family cap', () => {
  it('different first names sharing contact details are capped at 30, name points included', () => {
    expect(scorePair(id('Martin', 'Jean', home), id('Martin', 'Jeanne', home))).toEqual({ score: 30, reasons: ['similar_names', 'same_email', 'same_phone'] });
  });

  it('first names exactly 0.6 similar (Michel and Michelle) are not different first names', () => {
    expect(trigramSimilarity('Michel', 'Michelle')).toBe(0.6);
    expect(scorePair(id('Martin', 'Michel'), id('Martin', 'Michelle'))).toEqual({ score: 45, reasons: ['similar_names'] });
  });

  it('first names more than 0.6 similar (Christophe and Cristophe) are a misspelling, not a family', () => {
    expect(scorePair(id('Martin', 'Christophe'), id('Martin', 'Cristophe'))).toEqual({ score: 45, reasons: ['similar_names'] });
  });

  it("a first name equal to the other's last name is the same person, names swapped: not capped", () => {
    expect(scorePair(id('Martin', 'Jean', home), id('Jean', 'Durand', home)).score).toBe(50);
    expect(scorePair(id('Martin', 'Jean', home), id('Durand', 'Martin', home)).score).toBe(50);
  });

  it('first names equal once folded are the same, however differently they are split', () => {
    expect(scorePair(id('Martin', 'Jean-Marc', home), id('Dupuis', 'Jeanmarc', home)).score).toBe(50);
  });

  it('a missing first name is not a different first name', () => {
    expect(scorePair(id('Martin', null, home), id('Martin', 'Jean', home))).toEqual({ score: 85, reasons: ['similar_names', 'same_email', 'same_phone'] });
  });
});
