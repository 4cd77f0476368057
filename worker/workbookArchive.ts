import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { addressedWorksheet, CellAddressScanner } from './cellAddresses';

/**
 * Checks on an uploaded .xlsx before any parser touches it. An .xlsx is a zip archive, and
 * neither exceljs nor its unzip layer caps decompression (field notes): a 500 KB file can
 * inflate to gigabytes of XML. So the archive's central directory is read here, the
 * declared sizes are checked, and every entry is actually inflated under a byte budget
 * (declared sizes can lie), streaming, so that memory stays flat.
 */

/** A file that can never be imported, whatever the retry: its message is shown to the user as is. */
export class StatementFileError extends Error {
  override name = 'StatementFileError';
}

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

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const NOT_XLSX = 'Ce fichier n’est pas un classeur Excel (.xlsx). Enregistrez-le au format « Classeur Excel (.xlsx) » puis réessayez.';
const CORRUPT = 'Le fichier Excel est endommagé ou incomplet (archive illisible). Téléchargez à nouveau le bordereau puis réessayez.';
/** A part whose bytes do not match its CRC-32 (or declared size): the data itself is altered. */
export const DAMAGED =
  'Le fichier Excel est endommagé : une de ses parties ne correspond pas à sa somme de contrôle (CRC-32). Ses montants ne peuvent pas être lus de façon sûre. Téléchargez à nouveau le bordereau puis réessayez.';

function megabytes(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} Mo`;
}

/** Reads the central directory (no inflating): entry names and declared sizes. */
export function readCentralDirectory(file: Buffer) {
  if (file.length === 0) throw new StatementFileError('Le fichier est vide.');
  if (file.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw new StatementFileError(
      'Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe. Ouvrez-le dans Excel, retirez la protection éventuelle et enregistrez-le au format .xlsx.',
    );
  }
  if (file.length < 22 || file.readUInt32LE(0) !== LOCAL_HEADER) throw new StatementFileError(NOT_XLSX);

  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--) {
    if (file.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new StatementFileError(CORRUPT);
  const count = file.readUInt16LE(eocd + 10);
  const size = file.readUInt32LE(eocd + 12);
  const offset = file.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new StatementFileError('Ce fichier est trop volumineux pour être importé (archive ZIP64).');
  if (offset + size > eocd) throw new StatementFileError(CORRUPT);

  const entries: Array<{
    name: string;
    flags: number;
    method: number;
    time: number;
    date: number;
    crc: number;
    compressedSize: number;
    uncompressedSize: number;
    localOffset: number;
  }> = [];
  let position = offset;
  for (let i = 0; i < count; i++) {
    if (position + 46 > file.length || file.readUInt32LE(position) !== CENTRAL_HEADER) throw new StatementFileError(CORRUPT);
    const flags = file.readUInt16LE(position + 8);
    const method = file.readUInt16LE(position + 10);
    const time = file.readUInt16LE(position + 12);
    const date = file.readUInt16LE(position + 14);
    const crc = file.readUInt32LE(position + 16);
    const compressedSize = file.readUInt32LE(position + 20);
    const uncompressedSize = file.readUInt32LE(position + 24);
    const nameLength = file.readUInt16LE(position + 28);
    const extraLength = file.readUInt16LE(position + 30);
    const commentLength = file.readUInt16LE(position + 32);
    const localOffset = file.readUInt32LE(position + 42);
    const name = file.toString('utf8', position + 46, position + 46 + nameLength);
    entries.push({ name, flags, method, time, date, crc, compressedSize, uncompressedSize, localOffset });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

type ArchiveEntry = ReturnType<typeof readCentralDirectory>[number];

/** The compressed bytes of one entry, located through its local header. */
function entryData(file: Buffer, entry: ArchiveEntry): Buffer {
  const local = entry.localOffset;
  if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL_HEADER) throw new StatementFileError(CORRUPT);
  const dataStart = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > file.length) throw new StatementFileError(CORRUPT);
  return file.subarray(dataStart, dataEnd);
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
 * A part inflating past this many bytes must also stay under MAX_INFLATE_RATIO times its
 * compressed size: Apache POI's ZipSecureFile rule (field notes), which stops the small bombs
 * that fit inside the total byte budget. Below it, small highly repetitive parts (styles,
 * an empty sheet) may compress far better than that.
 */
export const INFLATE_RATIO_GRACE_BYTES = 4 * 1024 * 1024;
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
function partBudget(name: string, limits: ArchiveLimits): number {
  if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return Infinity;
  if (name === 'xl/sharedStrings.xml') return limits.maxSharedStringsBytes ?? DEFAULT_MAX_SHARED_STRINGS_BYTES;
  return MAX_OTHER_PART_BYTES;
}

type InflateRefusal = 'budget' | 'ratio' | 'part' | 'text';
class InflateRefused extends Error {
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
async function inflateEntry(file: Buffer, entry: ArchiveEntry, budgets: { remaining: number; part: number }, onChunk: (chunk: Buffer) => void): Promise<number> {
  const data = entryData(file, entry);
  if (entry.method !== 0 && entry.method !== 8) throw new StatementFileError(CORRUPT);
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
  function* slices(): Generator<Buffer> {
    for (let at = 0; at < data.length; at += INPUT_SLICE_BYTES) {
      const slice = data.subarray(at, at + INPUT_SLICE_BYTES);
      consumed += slice.length;
      yield slice;
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
    throw new StatementFileError(CORRUPT); // the deflate stream itself is broken
  }
  if (total !== entry.uncompressedSize || crc !== entry.crc) throw new StatementFileError(DAMAGED);
  return total;
}

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
