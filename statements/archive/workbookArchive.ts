import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ArchiveSource } from './archiveSource';
import { inflateEntry, InflateRefused, MAX_INFLATE_RATIO, partBudget, type InflateRefusal } from './partInflation';
import { PartScanner } from './partScan';
import { StatementFileError } from '../statementFileError';
import { entryDataStartOf, readCentralDirectoryOf, type ArchiveEntry } from './zipDirectory';

/**
 * Checks on a zip-based workbook (.xlsx, .xlsm, .ods) before any parser touches it. Neither a
 * parser nor its unzip layer caps decompression (field notes): a 500 KB file can inflate to
 * gigabytes of XML. So the central directory is read (zipDirectory.ts), the declared sizes are
 * checked, and every entry is actually inflated under its guards (partInflation.ts: declared sizes
 * can lie), streaming, so that memory stays flat. The same checks run on a buffer (the upload) and
 * on the chunks stored in the database (the worker, which never holds the file whole). The parts
 * are then read from the source as the reader needs them, in any order.
 */

export interface ArchiveLimits {
  /** Total uncompressed bytes the archive may inflate to. */
  maxUncompressedBytes: number;
  /** Budget of the shared strings part, which the reader holds in memory whole. */
  maxSharedStringsBytes?: number;
  maxEntries?: number;
}

export interface CheckedPart {
  entry: ArchiveEntry;
  /** `<row>` elements holding at least one value (worksheets only have any). */
  rowsWithValues: number;
  /** The part's text holds U+FFFD (invalid bytes, or a producer that already lost characters). */
  replacement: boolean;
}

/** A checked zip archive whose parts are read from its source on demand. */
export interface CheckedArchive {
  source: ArchiveSource;
  entries: Array<{ name: string; compressedSize: number; uncompressedSize: number }>;
  /** A part by its name inside the package ("xl/workbook.xml"), case and slashes aside. */
  part(name: string): CheckedPart | undefined;
  /** The part's inflated bytes, streamed from the source. */
  open(part: CheckedPart): Readable;
}

/** Part names as zip tools and producers spell them: `xl\worksheets\Sheet1.xml`, `/xl/...`. */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

function megabytes(bytes: number) {
  return Math.round(bytes / 1024 / 1024);
}

/** Validates a zip-based workbook: not truncated, not a bomb, every part's CRC right. */
export async function inspectArchive(source: ArchiveSource, limits: ArchiveLimits): Promise<CheckedArchive> {
  const entries = await readCentralDirectoryOf(source);
  if (entries.length > (limits.maxEntries ?? 10_000)) throw new StatementFileError('file.corruptArchive');

  const tooBig = new StatementFileError('file.tooBigToInflate', { megabytes: megabytes(limits.maxUncompressedBytes) });
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooBig;

  const refusals: Record<InflateRefusal, (entry: ArchiveEntry) => StatementFileError> = {
    budget: () => tooBig,
    ratio: (entry) => new StatementFileError('file.inflateRatio', { part: entry.name, ratio: MAX_INFLATE_RATIO }),
    part: (entry) => new StatementFileError('file.partTooBig', { part: entry.name, megabytes: megabytes(partBudget(entry.name, limits)) }),
    text: () => new StatementFileError('file.textRun'),
  };

  const parts = new Map<string, CheckedPart>();
  let remaining = limits.maxUncompressedBytes;
  for (const entry of entries) {
    if (entry.name.endsWith('/') && entry.uncompressedSize === 0) continue; // a folder
    if (entry.uncompressedSize > partBudget(entry.name, limits)) throw refusals.part(entry);
    const scanner = /\.(xml|rels)$/i.test(entry.name) ? new PartScanner() : undefined;
    try {
      remaining -= await inflateEntry(source, entry, { remaining, part: partBudget(entry.name, limits) }, (chunk) => scanner?.feed(chunk));
    } catch (error) {
      if (error instanceof InflateRefused) throw refusals[error.reason](entry);
      throw error;
    }
    scanner?.end();
    parts.set(partKey(entry.name), { entry, rowsWithValues: scanner?.rowsWithValues ?? 0, replacement: scanner?.replacement ?? false });
  }
  return {
    source,
    entries: entries.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })),
    part: (name) => parts.get(partKey(name)),
    open: (part) => openPart(source, part.entry),
  };
}

/** One checked part's bytes, inflated as they are consumed. */
function openPart(source: ArchiveSource, entry: ArchiveEntry): Readable {
  async function* compressed() {
    yield* source.slices(await entryDataStartOf(source, entry), entry.compressedSize);
  }
  const input = Readable.from(compressed(), { objectMode: false });
  if (entry.method === 0) return input;
  const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  input.on('error', (error) => inflate.destroy(error));
  return input.pipe(inflate);
}
