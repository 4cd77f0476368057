import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_SCORE, STORED_SCORE_FLOOR, nameWord, scorePair, trigramSimilarity, type ClientIdentity } from '../../api/duplicates/duplicateScore';

const client = (lastName: string, firstName: string | null, more: Partial<ClientIdentity> = {}): ClientIdentity => ({
  lastName,
  firstName,
  email: null,
  phone: null,
  address: null,
  ...more,
});

describe('duplicate scoring on French names', () => {
  it('Lefèvre, LEFEVRE and Le Fèvre are the same name', () => {
    expect(nameWord('Lefèvre')).toBe('lefevre');
    expect(nameWord('LEFEVRE')).toBe('lefevre');
    expect(nameWord('Le Fèvre')).toBe('lefevre');
    for (const other of ['LEFEVRE', 'Le Fèvre', 'le-fevre']) {
      const { score, reasons } = scorePair(client('Lefèvre', 'Jean'), client(other, 'jean'));
      expect(reasons).toEqual(['same_name']);
      expect(score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    }
  });

  it('Jean-Pierre and Jean Pierre are the same first name, Œ and oe too', () => {
    expect(scorePair(client('Dupont', 'Jean-Pierre'), client('DUPONT', 'Jean Pierre')).reasons).toEqual(['same_name']);
    expect(scorePair(client('Lœuvre', 'Zoé'), client('Loeuvre', 'Zoe')).reasons).toEqual(['same_name']);
    expect(scorePair(client('D’Artagnan', 'Charles'), client("d'Artagnan", 'charles')).reasons).toEqual(['same_name']);
  });

  it('first and last names swapped are recognised', () => {
    const { score, reasons } = scorePair(client('Vincent', 'Agnès'), client('Agnes', 'VINCENT'));
    expect(reasons).toEqual(['swapped_names']);
    expect(score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
  });

  it('a typo in the name is similar, not the same, and scores less than the exact name', () => {
    const similar = scorePair(client('Dupont', 'Nathalie'), client('Dupond', 'Nathalie'));
    expect(similar.reasons).toEqual(['similar_names']);
    expect(similar.score).toBeLessThan(scorePair(client('Dupont', 'Nathalie'), client('Dupont', 'Nathalie')).score);
    expect(similar.score).toBeGreaterThanOrEqual(STORED_SCORE_FLOOR);
  });

  it('a shared family email is not enough on its own: different first names stay below the floor', () => {
    const family = scorePair(
      client('Martin', 'Jean', { email: 'famille.martin@exemple.fr', phone: '+33612345678', address: '3 rue des Lilas, 75011 Paris' }),
      client('Martin', 'Sylvie', { email: 'Famille.Martin@exemple.fr', phone: '+33 6 12 34 56 78', address: '3, rue des Lilas 75011 PARIS' }),
    );
    expect(family.reasons).toContain('same_email');
    expect(family.score).toBeLessThan(STORED_SCORE_FLOOR);
    // Jean and Jeanne are not the same person either.
    expect(scorePair(client('Martin', 'Jean', { email: 'm@exemple.fr' }), client('Martin', 'Jeanne', { email: 'm@exemple.fr' })).score).toBeLessThan(STORED_SCORE_FLOOR);
  });

  it('the same email and phone with the same first name is a strong duplicate, and reasons say why', () => {
    const { score, reasons } = scorePair(
      client('André', 'Élodie', { email: 'elodie.andre@exemple.fr', phone: '+33611223344' }),
      client('ANDRE', 'Elodie', { email: 'ELODIE.ANDRE@exemple.fr ', phone: '06 11 22 33 44'.replace(/^0/, '+33') }),
    );
    expect(reasons).toEqual(['same_name', 'same_email', 'same_phone']);
    expect(score).toBe(100);
  });

  it('different people with nothing in common score nothing', () => {
    expect(scorePair(client('Bernard', 'Alain'), client('Girard', 'Céline'))).toEqual({ score: 0, reasons: [] });
  });

  it('same name alone is probable but weaker than with contact details', () => {
    const nameOnly = scorePair(client('Vincent', 'Agnès'), client('Vincent', 'Agnès'));
    const withPhone = scorePair(client('Vincent', 'Agnès', { phone: '+33600000001' }), client('Vincent', 'Agnès', { phone: '+33600000001' }));
    expect(nameOnly.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(withPhone.score).toBeGreaterThan(nameOnly.score);
  });

  it('trigram similarity follows pg_trgm (same words padded, shared over union)', () => {
    expect(trigramSimilarity('word', 'word')).toBe(1);
    // pg_trgm: similarity('jean', 'jeanne') = 0.5
    expect(trigramSimilarity('jean', 'jeanne')).toBeCloseTo(0.5, 5);
    expect(trigramSimilarity('', 'abc')).toBe(0);
  });
});
