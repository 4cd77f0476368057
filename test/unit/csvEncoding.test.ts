import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bufferSource, type ArchiveSource } from '../../statements/archive/archiveSource';
import { byteOrderMark, csvDecoder, detectCsvEncoding } from '../../statements/readers/csv/csvEncoding';

/**
 * The encoding of a CSV statement: a byte order mark decides; else a file valid UTF-8 from end
 * to end is UTF-8; else it is read as Windows-1252, the superset French files come in.
 */
const TEXT = 'Numéro client;Nom;Prénom\n1;Élodie;Gérard\n2;Hélène;François\n';
/** The same bytes, read in slices of `size` bytes: a character may be split between two. */
function slicedSource(file: Buffer, size: number): ArchiveSource {
  return {
    ...bufferSource(file),
    async *slices(offset, length) {
      for (let at = offset; at < offset + length; at += size) yield file.subarray(at, Math.min(at + size, offset + length));
    },
  };
}

describe('CSV encoding: byte order marks', () => {
  it('EF BB BF is UTF-8, three bytes to skip', () => {
    expect(byteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', length: 3 });
  });

  it('FF FE is UTF-16 little-endian, FE FF big-endian, two bytes to skip', () => {
    expect(byteOrderMark(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(byteOrderMark(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', length: 2 });
  });

  it('every byte of a mark must be there: any other byte is no mark', () => {
    for (const bytes of [[0x00, 0xbb, 0xbf], [0xef, 0x00, 0xbf], [0xef, 0xbb, 0x00], [0x00, 0xfe], [0xff, 0x00], [0x00, 0xff], [0xfe, 0x00], [0xfe, 0xfe], [0xff, 0xff], [0x41, 0x42, 0x43], []]) {
      expect(byteOrderMark(Buffer.from(bytes)), bytes.join(' ')).toBeUndefined();
    }
  });
});

describe('CSV encoding: detection', () => {
  it('a file with a mark is read in the mark encoding, the mark skipped', async () => {
    expect(await detectCsvEncoding(bufferSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])))).toEqual({ encoding: 'utf-8', skip: 3 });
    expect(await detectCsvEncoding(bufferSource(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')])))).toEqual({ encoding: 'utf-16le', skip: 2 });
    expect(await detectCsvEncoding(bufferSource(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')])))).toEqual({ encoding: 'utf-16be', skip: 2 });
  });

  it('valid UTF-8 without a mark is UTF-8, even with its characters split between slices', async () => {
    expect(await detectCsvEncoding(bufferSource(Buffer.from(TEXT)))).toEqual({ encoding: 'utf-8', skip: 0 });
    expect(await detectCsvEncoding(slicedSource(Buffer.from(TEXT), 1))).toEqual({ encoding: 'utf-8', skip: 0 });
  });

  it('French text in Windows-1252 is Windows-1252', async () => {
    expect(await detectCsvEncoding(bufferSource(iconv.encode(TEXT, 'windows-1252')))).toEqual({ encoding: 'windows-1252', skip: 0 });
  });

  it('UTF-8 valid but for its last, truncated, character is not UTF-8', async () => {
    expect((await detectCsvEncoding(bufferSource(Buffer.concat([Buffer.from('Nom;Prénom\nA;B'), Buffer.from([0xc3])])))).encoding).toBe('windows-1252');
  });

  it('a byte that is not UTF-8 far past the first 64 KiB still makes the file Windows-1252', async () => {
    const file = Buffer.concat([Buffer.from('a;b\n'.repeat(20_000)), iconv.encode('é;è\n', 'windows-1252')]);
    expect((await detectCsvEncoding(bufferSource(file))).encoding).toBe('windows-1252');
  });

  it('bytes that are no text (chardet would guess UTF-32) are read as Windows-1252', async () => {
    expect(await detectCsvEncoding(bufferSource(Buffer.from([0x80, 0x81, 0x82, 0x83])))).toEqual({ encoding: 'windows-1252', skip: 0 });
  });

  it('an empty file is UTF-8', async () => {
    expect(await detectCsvEncoding(bufferSource(Buffer.alloc(0)))).toEqual({ encoding: 'utf-8', skip: 0 });
  });
});

describe('CSV encoding: decoding', () => {
  it('a character split between two writes comes out whole', () => {
    const decoder = csvDecoder('utf-8');
    const bytes = Buffer.from('é');
    expect(decoder.write(bytes.subarray(0, 1)) + decoder.write(bytes.subarray(1)) + decoder.end()).toBe('é');
  });

  it('Windows-1252 bytes decode to their characters, and its end is an empty text', () => {
    const decoder = csvDecoder('windows-1252');
    expect(decoder.write(iconv.encode('Hélène €', 'windows-1252'))).toBe('Hélène €');
    expect(decoder.end()).toBe('');
  });

  it('UTF-16 decodes in both byte orders', () => {
    const le = csvDecoder('utf-16le');
    expect(le.write(iconv.encode('Gérard', 'utf-16le')) + le.end()).toBe('Gérard');
    const be = csvDecoder('utf-16be');
    expect(be.write(iconv.encode('Gérard', 'utf-16be')) + be.end()).toBe('Gérard');
  });
});
