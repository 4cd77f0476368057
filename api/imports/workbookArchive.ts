import zlib from 'node:zlib';

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
export function workbookInStreamingOrder(file: Buffer, entries: ArchiveEntry[]): Buffer {
  const rank = (name: string) => {
    const index = PARTS_BEFORE_SHEETS.indexOf(name);
    return index >= 0 ? index : PARTS_BEFORE_SHEETS.length;
  };
  const parts: ArchivePart[] = entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => rank(a.entry.name) - rank(b.entry.name) || a.order - b.order)
    .map(({ entry }) => ({
      name: Buffer.from(entry.name, 'utf8'),
      // Bit 3 (sizes in a trailing data descriptor) is dropped: the new headers carry the sizes.
      flags: (entry.flags & ~0x0008) | 0x0800,
      method: entry.method,
      time: entry.time,
      date: entry.date,
      crc: entry.crc,
      size: entry.uncompressedSize,
      data: entryData(file, entry),
    }));
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

/** CRC-32 for Node versions without zlib.crc32 (added in Node 20.15 / 22.2). */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Computed once: zlib.crc32 where Node has it, the fallback on the Node 20 releases before 20.15. */
const EMPTY_SHARED_STRINGS_CRC = typeof zlib.crc32 === 'function' ? zlib.crc32(EMPTY_SHARED_STRINGS) : crc32(EMPTY_SHARED_STRINGS);

/** Inflates one entry, counting bytes; stops as soon as the budget is exceeded. */
async function inflateEntry(file: Buffer, entry: ArchiveEntry, budget: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  const data = entryData(file, entry);
  if (entry.method === 0) {
    if (data.length > budget) throw new StatementFileError('');
    onChunk(data);
    return data.length;
  }
  if (entry.method !== 8) throw new StatementFileError(CORRUPT);

  return new Promise<number>((resolve, reject) => {
    let total = 0;
    const inflater = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) {
        inflater.destroy();
        reject(new StatementFileError(''));
        return;
      }
      onChunk(chunk);
    });
    inflater.on('error', () => reject(new StatementFileError(CORRUPT)));
    inflater.on('end', () => resolve(total));
    inflater.end(data);
  });
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

  const rowsPerSheet = new Map<string, number>();
  let remaining = limits.maxUncompressedBytes;
  for (const entry of entries) {
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.name);
    let rows = 0;
    let tail = '';
    try {
      remaining -= await inflateEntry(file, entry, remaining, (chunk) => {
        if (!sheet) return;
        // `<row ` may straddle two chunks: a token is counted once its next character is
        // known, and the last four characters carry over to the next chunk.
        const text = tail + chunk.toString('latin1');
        for (let i = text.indexOf('<row'); i >= 0 && i + 4 < text.length; i = text.indexOf('<row', i + 1)) {
          const next = text.charCodeAt(i + 4);
          if (next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13) rows++;
        }
        tail = text.slice(-4);
      });
    } catch (error) {
      if (error instanceof StatementFileError && error.message === '') throw tooBig;
      throw error;
    }
    if (sheet) rowsPerSheet.set(sheet[1], rows);
  }
  return {
    entries: entries.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })),
    rowsPerSheet,
    workbook: workbookInStreamingOrder(file, entries),
  };
}
