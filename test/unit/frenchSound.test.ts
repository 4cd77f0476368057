import { describe, expect, it } from 'vitest';
import { foldLetters, soundKeys, soundexFr } from '../../shared/frenchSound';

describe('Soundex2 (French), full length', () => {
  it('gives the published keys of the reference names', () => {
    // Names whose key is four letters or less, so the published (truncated) key is the same.
    const published: Array<[string, string]> = [
      ['Asamian', 'AZMN'],
      ['Knight', 'NG'],
      ['MacKenzie', 'MKNZ'],
      ['Pfeifer', 'FR'],
      ['Philippe', 'FLP'],
      ['Chateau', 'CHT'],
      ['Habitat', 'HBT'],
      ['Téhéran', 'TRN'],
      ['Essayer', 'ESYR'],
      ['Crayon', 'CRYN'],
      ['Plyne', 'PLN'],
      ['Barad', 'BR'],
      ['Martin', 'MRTN'],
      ['Bernard', 'BRNR'],
      ['Faure', 'FR'],
      ['Perez', 'PRZ'],
      ['Gros', 'GR'],
      ['Chapuis', 'CHP'],
      ['Boyer', 'BYR'],
      ['Gauthier', 'KTR'],
      ['Rey', 'RY'],
      ['Henry', 'HNR'],
      ['Moulin', 'MLN'],
      ['Rousseau', 'RS'],
    ];
    for (const [name, key] of published) expect(soundexFr(name), name).toBe(key);
  });

  it('keeps the whole key instead of cutting it to four letters', () => {
    expect(soundexFr('Barthélémy')).toBe('BRTLM');
    expect(soundexFr('Schindler')).toBe('SNDLR');
  });

  it("gives callers' variants of a name the same key", () => {
    const same: Array<[string, string]> = [
      ['Dupond', 'Dupont'],
      ['Mathieu', 'Matthieu'],
      ['Bernrad', 'Bernard'],
      ['Faure', 'Phaure'],
      ['Perret', 'Peret'],
      ['Thibaud', 'Thibaut'],
      ['Lefèvre', 'Lefevre'],
      ['Gérard', 'Gerard'],
    ];
    for (const [a, b] of same) expect(soundexFr(a), `${a} ~ ${b}`).toBe(soundexFr(b));
  });

  it('folds accents, ligatures and case, and ignores anything but letters', () => {
    expect(foldLetters("Œuvray-d'Ëte 2")).toBe('OEUVRAYDETE');
    expect(soundexFr('')).toBe('');
    expect(soundexFr('42')).toBe('');
  });

  it('keys every word of the names given', () => {
    expect(soundKeys('Le Gall', 'Jean-Pierre')).toEqual(['LL', 'LKL', 'FJN', 'FPR']);
    expect(soundKeys(null, 'Élodie')).toEqual(['FELD']);
  });
});
