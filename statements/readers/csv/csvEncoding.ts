import iconv from 'iconv-lite';
import type { ArchiveSource } from '../../archive/archiveSource';

/**
 * The encoding of a CSV file. Insurers' extranets send UTF-8 (with or without a byte order mark)
 * and Windows-1252 (Excel's "CSV (séparateur: point-virgule)" on a French Windows); Excel's
 * "Texte Unicode" is UTF-16 with a mark. Without a mark, a file that is valid UTF-8 from end to
 * end is UTF-8; otherwise it is read as Windows-1252, the superset French files come in. (Asking
 * chardet changed nothing: it says UTF-16 only of a file with the mark, read before it.)
 */

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function byteOrderMark(head: Buffer): { encoding: CsvEncoding; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

async function isUtf8Throughout(source: ArchiveSource): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const slice of source.slices(0, source.size)) decoder.decode(slice, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export async function detectCsvEncoding(source: ArchiveSource): Promise<{ encoding: CsvEncoding; skip: number }> {
  const mark = byteOrderMark(await source.read(0, Math.min(source.size, 3)));
  if (mark) return { encoding: mark.encoding, skip: mark.length };
  if (await isUtf8Throughout(source)) return { encoding: 'utf-8', skip: 0 };
  return { encoding: 'windows-1252', skip: 0 };
}

/** A streaming decoder: a character split between two slices stays whole. */
export function csvDecoder(encoding: CsvEncoding): { write(bytes: Buffer): string; end(): string } {
  const decoder = iconv.getDecoder(encoding);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}
