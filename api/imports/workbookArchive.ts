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

  const entries: Array<{ name: string; method: number; compressedSize: number; uncompressedSize: number; localOffset: number }> = [];
  let position = offset;
  for (let i = 0; i < count; i++) {
    if (position + 46 > file.length || file.readUInt32LE(position) !== CENTRAL_HEADER) throw new StatementFileError(CORRUPT);
    const method = file.readUInt16LE(position + 10);
    const compressedSize = file.readUInt32LE(position + 20);
    const uncompressedSize = file.readUInt32LE(position + 24);
    const nameLength = file.readUInt16LE(position + 28);
    const extraLength = file.readUInt16LE(position + 30);
    const commentLength = file.readUInt16LE(position + 32);
    const localOffset = file.readUInt32LE(position + 42);
    const name = file.toString('utf8', position + 46, position + 46 + nameLength);
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry, counting bytes; stops as soon as the budget is exceeded. */
async function inflateEntry(file: Buffer, entry: ReturnType<typeof readCentralDirectory>[number], budget: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  const local = entry.localOffset;
  if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL_HEADER) throw new StatementFileError(CORRUPT);
  const dataStart = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > file.length) throw new StatementFileError(CORRUPT);
  const data = file.subarray(dataStart, dataEnd);
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
  return { entries: entries.map(({ name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })), rowsPerSheet };
}
