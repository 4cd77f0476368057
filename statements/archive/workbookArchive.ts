import { Readable } from 'node:stream';
import { bufferSource, type ArchiveSource } from './archiveSource';
import { addressedWorksheet, CellAddressScanner } from '../readers/cellAddresses';
import { inflateEntry, InflateRefused, MAX_INFLATE_RATIO, partBudget, type InflateRefusal } from './partInflation';
import { StatementFileError } from '../statementFileError';
import { assembleInMemory, streamInStreamingOrder, streamingOrderPlan, type RewrittenPart, type StreamingOrderPlan } from '../readers/streamingOrder';
import { CORRUPT, entryDataStartOf, NOT_XLSX, readCentralDirectoryOf, type ArchiveEntry } from './zipDirectory';

// Where the statement modules have always found them.
export { StatementFileError } from '../statementFileError';
export { DAMAGED, readCentralDirectory } from './zipDirectory';
export { workbookInStreamingOrder, type RewrittenPart } from '../readers/streamingOrder';
export { INFLATE_RATIO_GRACE_BYTES, MAX_INFLATE_RATIO, MAX_OTHER_PART_BYTES, MAX_TEXT_RUN_BYTES, DEFAULT_MAX_SHARED_STRINGS_BYTES } from './partInflation';

/**
 * Checks on an uploaded .xlsx before any parser touches it. An .xlsx is a zip archive, and
 * neither exceljs nor its unzip layer caps decompression (field notes): a 500 KB file can
 * inflate to gigabytes of XML. So the archive's central directory is read (zipDirectory.ts),
 * the declared sizes are checked, and every entry is actually inflated under its guards
 * (partInflation.ts: declared sizes can lie), streaming, so that memory stays flat. The checked
 * archive is then rewritten in the order a streaming reader needs (streamingOrder.ts). The same
 * checks run on a buffer (the upload) and on the chunks stored in the database (the worker,
 * which never holds the file whole).
 */

export interface ArchiveLimits {
  /** Total uncompressed bytes the archive may inflate to. */
  maxUncompressedBytes: number;
  /** Budget of the shared strings part, which the reader holds in memory whole. */
  maxSharedStringsBytes?: number;
  maxEntries?: number;
}

export interface WorkbookArchive {
  entries: Array<{ name: string; compressedSize: number; uncompressedSize: number }>;
  /** `<row` elements counted in each worksheet part, keyed by sheet number (xl/worksheets/sheetN.xml). */
  rowsPerSheet: Map<string, number>;
  /** The same workbook with its parts in the order a streaming reader needs (see workbookInStreamingOrder). */
  workbook: Buffer;
}

/** A checked archive read from a source: the reordered workbook is streamed from it on demand. */
export interface CheckedArchive extends Omit<WorkbookArchive, 'workbook'> {
  /** The layout of the reordered workbook (its bytes come from the source). */
  plan: StreamingOrderPlan;
  /** A new stream of the reordered workbook, read from the source as it is consumed. */
  open(): Readable;
}

function megabytes(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} Mo`;
}

/**
 * Validates an uploaded workbook: a real .xlsx, not truncated, not a zip bomb. Also counts
 * the rows of each worksheet on the way (the inflating is done anyway), which gives the
 * import its total before the parser starts.
 */
export async function inspectWorkbookArchive(file: Buffer, limits: ArchiveLimits): Promise<WorkbookArchive> {
  const { entries, rowsPerSheet, plan } = await inspectArchive(bufferSource(file), limits);
  return { entries, rowsPerSheet, workbook: assembleInMemory(file, plan) };
}

/** inspectWorkbookArchive on any source: the checks read the file a slice at a time. */
export async function inspectArchive(source: ArchiveSource, limits: ArchiveLimits): Promise<CheckedArchive> {
  const entries = await readCentralDirectoryOf(source);
  if (entries.length > (limits.maxEntries ?? 10_000)) throw new StatementFileError(CORRUPT);
  if (!entries.some((entry) => entry.name === 'xl/workbook.xml')) throw new StatementFileError(NOT_XLSX);

  const tooBig = new StatementFileError(
    `Ce fichier se décompresse en plus de ${megabytes(limits.maxUncompressedBytes)} : il est refusé par sécurité. Découpez le bordereau en plusieurs fichiers.`,
  );
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooBig;

  const refusals: Record<InflateRefusal, (entry: ArchiveEntry) => StatementFileError> = {
    budget: () => tooBig,
    ratio: (entry) =>
      new StatementFileError(
        `Ce fichier est refusé par sécurité : sa partie « ${entry.name} » se décompresse en plus de ${MAX_INFLATE_RATIO} fois sa taille (bombe de décompression).`,
      ),
    part: (entry) =>
      new StatementFileError(
        `Ce fichier est refusé par sécurité : sa partie « ${entry.name} » dépasse ${megabytes(partBudget(entry.name, limits))} une fois décompressée. Découpez le bordereau en plusieurs fichiers.`,
      ),
    text: () => new StatementFileError('Ce fichier est refusé : une de ses cellules contient un texte démesuré (plus d’un million de caractères). Vérifiez le bordereau.'),
  };

  const rowsPerSheet = new Map<string, number>();
  const unaddressed: ArchiveEntry[] = [];
  let remaining = limits.maxUncompressedBytes;
  for (const entry of entries) {
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.name);
    if (entry.uncompressedSize > partBudget(entry.name, limits)) throw refusals.part(entry);
    let rows = 0;
    let tail = '';
    // Cells or rows without an `r` address crash exceljs' reader: found here, repaired below.
    const addresses = new CellAddressScanner(false);
    try {
      remaining -= await inflateEntry(source, entry, { remaining, part: partBudget(entry.name, limits) }, (chunk) => {
        if (!sheet) return;
        // `<row ` may straddle two chunks: a token is counted once its next character is
        // known, and the last four characters carry over to the next chunk.
        const latin1 = chunk.toString('latin1');
        if (!addresses.missing) addresses.feed(latin1);
        const text = tail + latin1;
        for (let i = text.indexOf('<row'); i >= 0 && i + 4 < text.length; i = text.indexOf('<row', i + 1)) {
          const next = text.charCodeAt(i + 4);
          if (next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13) rows++;
        }
        tail = text.slice(-4);
      });
    } catch (error) {
      if (error instanceof InflateRefused) throw refusals[error.reason](entry);
      throw error;
    }
    if (sheet) rowsPerSheet.set(sheet[1], rows);
    if (sheet && (addresses.missing || (addresses.end(), addresses.missing))) unaddressed.push(entry);
  }
  // Checked and within budget: the parts are inflated again only to add the addresses.
  const rewritten = new Map<string, RewrittenPart>();
  // The one part held whole: a worksheet to repair, compressed (rare: files from a few generators).
  for (const entry of unaddressed) {
    const compressed = await source.read(await entryDataStartOf(source, entry), entry.compressedSize);
    rewritten.set(entry.name, await addressedWorksheet(compressed, entry.method));
  }
  const plan = streamingOrderPlan(entries, rewritten);
  return {
    entries: entries.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })),
    rowsPerSheet,
    plan,
    // Not in object mode: the reader gets byte slices, its buffering counted in bytes.
    open: () => Readable.from(streamInStreamingOrder(source, plan), { objectMode: false }),
  };
}
