import { StatementFileError } from './statementFileError';

/**
 * The zip structure of an .xlsx, read by hand: its central directory (entry names, declared
 * sizes, CRC-32s, where each entry's bytes are) and the compressed bytes of one entry. Nothing
 * is inflated here: see partInflation.ts for the guarded inflating.
 */

export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const NOT_XLSX = 'Ce fichier n’est pas un classeur Excel (.xlsx). Enregistrez-le au format « Classeur Excel (.xlsx) » puis réessayez.';
export const CORRUPT = 'Le fichier Excel est endommagé ou incomplet (archive illisible). Téléchargez à nouveau le bordereau puis réessayez.';
/** A part whose bytes do not match its CRC-32 (or declared size): the data itself is altered. */
export const DAMAGED =
  'Le fichier Excel est endommagé : une de ses parties ne correspond pas à sa somme de contrôle (CRC-32). Ses montants ne peuvent pas être lus de façon sûre. Téléchargez à nouveau le bordereau puis réessayez.';

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

export type ArchiveEntry = ReturnType<typeof readCentralDirectory>[number];

/** The compressed bytes of one entry, located through its local header. */
export function entryData(file: Buffer, entry: ArchiveEntry): Buffer {
  const local = entry.localOffset;
  if (local + 30 > file.length || file.readUInt32LE(local) !== LOCAL_HEADER) throw new StatementFileError(CORRUPT);
  const dataStart = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > file.length) throw new StatementFileError(CORRUPT);
  return file.subarray(dataStart, dataEnd);
}
