import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_WORDS, searchWords } from '../../api/clients/search/searchWords';

/** How the list search (`q`) is cut into words, each of which must match. */
describe('searchWords', () => {
  it('splits on any whitespace and drops empty words', () => {
    expect(searchWords('  jean   dupont ')).toEqual(['jean', 'dupont']);
    expect(searchWords('jean\tdupont\nlyon')).toEqual(['jean', 'dupont', 'lyon']);
    expect(searchWords('Lefèvre')).toEqual(['Lefèvre']);
  });

  it('gives no word for an empty or missing search', () => {
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('')).toEqual([]);
    expect(searchWords('   ')).toEqual([]);
  });

  it('keeps a phone number typed with separators as one term, without them', () => {
    expect(searchWords('06 12 34 56 78')).toEqual(['0612345678']);
    expect(searchWords('06.12.34')).toEqual(['061234']);
    expect(searchWords('+33 (0)6 12')).toEqual(['+330612']);
    // Dashes and the plus sign stay: the phone digits search ignores them, a client number may have them.
    expect(searchWords('06-12-34')).toEqual(['06-12-34']);
  });

  it('treats short digit runs as ordinary words', () => {
    // Fewer than three digits: not a phone search.
    expect(searchWords('1 2')).toEqual(['1', '2']);
    expect(searchWords('12')).toEqual(['12']);
    expect(searchWords('123')).toEqual(['123']);
    // Three digits are enough for a phone term, separators and all.
    expect(searchWords('1 23')).toEqual(['123']);
    expect(searchWords('1 2')).toEqual(['1', '2']);
    // Letters make it words again.
    expect(searchWords('06 12 dupont')).toEqual(['06', '12', 'dupont']);
  });

  it(`uses at most ${MAX_SEARCH_WORDS} words`, () => {
    expect(MAX_SEARCH_WORDS).toBe(8);
    const words = Array.from({ length: 12 }, (_, i) => `mot${i}`);
    expect(searchWords(words.join(' '))).toEqual(words.slice(0, 8));
  });
});
