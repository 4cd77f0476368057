import { describe, expect, it } from 'vitest';
import { editBound, tolerantName } from '../../api/clients/search/tolerantSearch';

describe('tolerant search rules', () => {
  it('is tolerant for names only: never for numbers, emails, phones or too short words', () => {
    expect(tolerantName('  Dupond   Jean ')).toBe('Dupond Jean');
    expect(tolerantName('Lefèvre')).toBe('Lefèvre');
    expect(tolerantName('CL00042')).toBeUndefined();
    expect(tolerantName('dupond 42')).toBeUndefined();
    expect(tolerantName('jean@exemple.fr')).toBeUndefined();
    expect(tolerantName('06 12 34')).toBeUndefined();
    expect(tolerantName('le')).toBeUndefined();
    expect(tolerantName('')).toBeUndefined();
  });

  it('allows one edit up to four letters, two up to ten, three beyond', () => {
    expect([editBound('roux'), editBound('dupond'), editBound('dupond jea'), editBound('dupond jean')]).toEqual([1, 2, 2, 3]);
  });
});
