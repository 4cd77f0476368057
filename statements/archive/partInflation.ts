import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { StatementFileError } from '../statementFileError';
import type { ArchiveSource } from './archiveSource';
import { entryDataStartOf, type ArchiveEntry } from './zipDirectory';

/**
 * Inflating one part of an uploaded workbook under guards, streaming, so that memory stays
 * flat whatever the file claims: the archive's remaining byte budget, the part's own budget,
 * the inflate ratio, the longest text run, then the part's size and CRC-32.
 */

/**
 * A part inflating past this many bytes must also stay under MAX_INFLATE_RATIO times its
 * compressed size: Apache POI's ZipSecureFile rule (field notes), which stops the small bombs
 * that fit inside the total byte budget. Below it, real files may compress far better than that
 * (a column of one long repeated text does), and the streaming reader's cost stays small.
 */
export const INFLATE_RATIO_GRACE_BYTES = 64 * 1024 * 1024;
export const MAX_INFLATE_RATIO = 100;
/**
 * Longest run of characters between two `<` or `>`: one cell's text, one attribute. Excel caps a
 * cell at 32,767 characters (at most a few hundred KB once escaped); a longer run can only be a
 * hostile file, and a parser would hold it whole in memory.
 */
export const MAX_TEXT_RUN_BYTES = 1024 * 1024;
/** Parts other than worksheets and shared strings (workbook, styles, relationships) are small. */
export const MAX_OTHER_PART_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024;

const INPUT_SLICE_BYTES = 8 * 1024;
const LT = 0x3c;
const GT = 0x3e;

/** Tracks the longest run without `<` or `>` across the chunks of one part. */
function textRunMeter() {
  let run = 0;
  let longest = 0;
  return {
    add(chunk: Buffer) {
      const first = Math.min(...[chunk.indexOf(LT), chunk.indexOf(GT)].map((i) => (i < 0 ? Infinity : i)));
      if (first === Infinity) {
        run += chunk.length;
      } else {
        longest = Math.max(longest, run + first);
        // Runs wholly inside the chunk: only the last one can reach the limit unnoticed across
        // chunks; the ones inside are bounded by the chunk size (64 KB), far below it.
        run = chunk.length - 1 - Math.max(chunk.lastIndexOf(LT), chunk.lastIndexOf(GT));
      }
      longest = Math.max(longest, run);
      return longest;
    },
  };
}

/** Per-part budgets besides the archive's total. */
export function partBudget(name: string, limits: { maxSharedStringsBytes?: number }): number {
  if (/sharedstrings[^/]*\.xml$/i.test(name)) return limits.maxSharedStringsBytes ?? DEFAULT_MAX_SHARED_STRINGS_BYTES;
  // Worksheets (wherever a producer puts them) and an OpenDocument's content are read as streams.
  if (/sheet[^/]*\.xml$|(^|\/)content\.xml$/i.test(name)) return Infinity;
  return MAX_OTHER_PART_BYTES;
}

const corruptZip = () => new StatementFileError('file.corruptArchive');

export type InflateRefusal = 'budget' | 'ratio' | 'part' | 'text';
export class InflateRefused extends Error {
  constructor(readonly reason: InflateRefusal) {
    super(reason);
  }
}

/**
 * Inflates one entry, streaming, and checks it as it goes: the archive's remaining budget, the
 * part's own budget, the inflate ratio and the longest text run stop it as soon as one is
 * exceeded; at the end, its size and CRC-32 must be the ones the central directory declares.
 * A flipped bit in a compressed part, or a part edited without its CRC, is refused here instead
 * of being imported with wrong amounts.
 */
export async function inflateEntry(source: ArchiveSource, entry: ArchiveEntry, budgets: { remaining: number; part: number }, onChunk: (chunk: Buffer) => void): Promise<number> {
  const dataStart = await entryDataStartOf(source, entry);
  if (entry.method !== 0 && entry.method !== 8) throw corruptZip();
  let total = 0;
  let crc = 0;
  // Compressed bytes handed to the inflater so far, in small slices: the ratio is measured as
  // it goes (inflated / consumed), as POI does, so a bomb stops within its first megabytes.
  let consumed = 0;
  const meter = textRunMeter();
  const take = (chunk: Buffer) => {
    total += chunk.length;
    if (total > budgets.remaining) throw new InflateRefused('budget');
    if (total > budgets.part) throw new InflateRefused('part');
    const overRatio = total > MAX_INFLATE_RATIO * Math.max(1, consumed);
    if (overRatio && total > INFLATE_RATIO_GRACE_BYTES) throw new InflateRefused('ratio');
    // A megabyte of spaces is both: named as the bomb it is.
    if (meter.add(chunk) > MAX_TEXT_RUN_BYTES) throw new InflateRefused(overRatio ? 'ratio' : 'text');
    crc = zlib.crc32(chunk, crc);
    onChunk(chunk);
  };
  // A failure to read the source (the database) is not a broken file: it is rethrown as it is.
  let readFailure: unknown;
  async function* read(): AsyncGenerator<Buffer> {
    try {
      yield* source.slices(dataStart, entry.compressedSize);
    } catch (error) {
      readFailure = error;
      throw error;
    }
  }
  async function* slices(): AsyncGenerator<Buffer> {
    for await (const data of read()) {
      for (let at = 0; at < data.length; at += INPUT_SLICE_BYTES) {
        const slice = data.subarray(at, at + INPUT_SLICE_BYTES);
        consumed += slice.length;
        yield slice;
      }
    }
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        take(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  try {
    if (entry.method === 0) await pipeline(Readable.from(slices(), { objectMode: false }), sink);
    else await pipeline(Readable.from(slices(), { objectMode: false }), zlib.createInflateRaw({ chunkSize: 64 * 1024 }), sink);
  } catch (error) {
    if (error instanceof InflateRefused || error instanceof StatementFileError) throw error;
    if (readFailure !== undefined) throw readFailure;
    throw corruptZip(); // the deflate stream itself is broken
  }
  if (total !== entry.uncompressedSize || crc !== entry.crc) throw new StatementFileError('file.crc');
  return total;
}
