import zlib from 'node:zlib';
import { addressedWorksheet, CellAddressScanner } from './cellAddresses';
import { inflateEntry, InflateRefused, MAX_INFLATE_RATIO, partBudget, type InflateRefusal } from './partInflation';
import { StatementFileError } from './statementFileError';
import { CENTRAL_HEADER, CORRUPT, END_OF_CENTRAL_DIRECTORY, entryData, LOCAL_HEADER, NOT_XLSX, readCentralDirectory, type ArchiveEntry } from './zipDirectory';

// Where the statement modules have always found them.
export { StatementFileError } from './statementFileError';
export { DAMAGED, readCentralDirectory } from './zipDirectory';
export { INFLATE_RATIO_GRACE_BYTES, MAX_INFLATE_RATIO, MAX_OTHER_PART_BYTES, MAX_TEXT_RUN_BYTES, DEFAULT_MAX_SHARED_STRINGS_BYTES } from './partInflation';

/**
 * Checks on an uploaded .xlsx before any parser touches it. An .xlsx is a zip archive, and
 * neither exceljs nor its unzip layer caps decompression (field notes): a 500 KB file can
 * inflate to gigabytes of XML. So the archive's central directory is read (zipDirectory.ts),
 * the declared sizes are checked, and every entry is actually inflated under its guards
 * (partInflation.ts: declared sizes can lie), streaming, so that memory stays flat. The checked
 * archive is then rewritten in the order a streaming reader needs.
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

function megabytes(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} Mo`;
}

/** A part whose content was rewritten (deflated): see addressedWorksheet. */
export interface RewrittenPart {
  data: Buffer;
  crc: number;
  size: number;
}

/** One entry as it is written back: its compressed bytes are copied as they are. */
type ArchivePart = { name: Buffer; flags: number; method: number; time: number; date: number; crc: number; size: number; data: Buffer };

/** Parts a streaming reader must have read before the worksheets. */
const PARTS_BEFORE_SHEETS = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * Rewrites the archive (copying the compressed bytes, no re-compression) so that the
 * workbook, its relationships, shared strings and styles come before the worksheets.
 * exceljs' streaming reader otherwise spools every worksheet it meets first to a temporary
 * file (Excel itself writes sharedStrings.xml after the sheets), and leaks that file's
 * descriptor when the reading stops early, as the preview does. A workbook without shared
 * strings gets an empty part, for the same reason.
 */
export function workbookInStreamingOrder(file: Buffer, entries: ArchiveEntry[], rewritten: Map<string, RewrittenPart> = new Map()): Buffer {
  const rank = (name: string) => {
    const index = PARTS_BEFORE_SHEETS.indexOf(name);
    return index >= 0 ? index : PARTS_BEFORE_SHEETS.length;
  };
  const parts: ArchivePart[] = entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => rank(a.entry.name) - rank(b.entry.name) || a.order - b.order)
    .map(({ entry }) => {
      const replaced = rewritten.get(entry.name);
      return {
        name: Buffer.from(entry.name, 'utf8'),
        // Bit 3 (sizes in a trailing data descriptor) is dropped: the new headers carry the sizes.
        flags: (entry.flags & ~0x0008) | 0x0800,
        method: replaced ? 8 : entry.method,
        time: entry.time,
        date: entry.date,
        crc: replaced?.crc ?? entry.crc,
        size: replaced?.size ?? entry.uncompressedSize,
        data: replaced?.data ?? entryData(file, entry),
      };
    });
  if (!entries.some((entry) => entry.name === 'xl/sharedStrings.xml')) {
    const at = parts.findIndex((part) => rank(part.name.toString()) > rank('xl/sharedStrings.xml'));
    parts.splice(at < 0 ? parts.length : at, 0, {
      name: Buffer.from('xl/sharedStrings.xml'),
      flags: 0x0800,
      method: 0,
      time: 0,
      date: 0x21,
      crc: EMPTY_SHARED_STRINGS_CRC,
      size: EMPTY_SHARED_STRINGS.length,
      data: EMPTY_SHARED_STRINGS,
    });
  }
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeEntryFields(local, 4, part);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(20, 4); // version made by
    writeEntryFields(central, 6, part);
    central.writeUInt32LE(offset, 42);
    chunks.push(local, part.name, part.data);
    directory.push(central, part.name);
    offset += 30 + part.name.length + part.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directoryBytes, end]);
}

/**
 * The fields a local header and a central directory header share, in the same order
 * (version needed to extract through file name length): at 4 in the former, 6 in the latter.
 */
function writeEntryFields(header: Buffer, at: number, part: ArchivePart) {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(part.flags, at + 2);
  header.writeUInt16LE(part.method, at + 4);
  header.writeUInt16LE(part.time, at + 6);
  header.writeUInt16LE(part.date, at + 8);
  header.writeUInt32LE(part.crc, at + 10);
  header.writeUInt32LE(part.data.length, at + 14);
  header.writeUInt32LE(part.size, at + 18);
  header.writeUInt16LE(part.name.length, at + 22);
}

const EMPTY_SHARED_STRINGS_CRC = zlib.crc32(EMPTY_SHARED_STRINGS);

/**
 * Validates an uploaded workbook: a real .xlsx, not truncated, not a zip bomb. Also counts
 * the rows of each worksheet on the way (the inflating is done anyway), which gives the
 * import its total before the parser starts.
 */
export async function inspectWorkbookArchive(file: Buffer, limits: ArchiveLimits): Promise<WorkbookArchive> {
  const entries = readCentralDirectory(file);
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
      remaining -= await inflateEntry(file, entry, { remaining, part: partBudget(entry.name, limits) }, (chunk) => {
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
  for (const entry of unaddressed) rewritten.set(entry.name, await addressedWorksheet(entryData(file, entry), entry.method));
  return {
    entries: entries.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })),
    rowsPerSheet,
    workbook: workbookInStreamingOrder(file, entries, rewritten),
  };
}
