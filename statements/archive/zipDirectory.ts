import type { ArchiveSource } from './archiveSource';
import { StatementFileError } from '../statementFileError';

/**
 * The zip structure of an .xlsx, read by hand: its central directory (entry names, declared
 * sizes, CRC-32s, where each entry's bytes are) and the compressed bytes of one entry. Nothing
 * is inflated here: see partInflation.ts for the guarded inflating.
 */

export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** Reads the central directory (no inflating): entry names and declared sizes. */
export function readCentralDirectory(file: Buffer) {
  const { offset, count } = locateCentralDirectory(file, file, 0, file.length);
  return parseCentralDirectory(file.subarray(offset), offset, file.length, count);
}

/**
 * The same from a source read in pieces (stored chunks): its first bytes, its tail (where the
 * end record is) and the directory itself, never the whole file.
 */
export async function readCentralDirectoryOf(source: ArchiveSource) {
  const head = await source.read(0, Math.min(8, source.size));
  const tailStart = Math.max(0, source.size - 22 - 0xffff);
  const tail = await source.read(tailStart, source.size - tailStart);
  const { offset, count } = locateCentralDirectory(head, tail, tailStart, source.size);
  const directory = offset >= tailStart ? tail.subarray(offset - tailStart) : await source.read(offset, source.size - offset);
  return parseCentralDirectory(directory, offset, source.size, count);
}

/**
 * Checks the file's signature and finds the end-of-central-directory record in its tail.
 * `head` holds the file's first bytes (at least 8 when the file has them), `tail` the bytes
 * from `tailStart` to the end.
 */
function locateCentralDirectory(head: Buffer, tail: Buffer, tailStart: number, fileSize: number) {
  if (fileSize < 22 || head.readUInt32LE(0) !== LOCAL_HEADER) throw new StatementFileError('file.corruptArchive');

  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = fileSize - 22; i >= Math.max(0, fileSize - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i - tailStart) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new StatementFileError('file.corruptArchive');
  const count = tail.readUInt16LE(eocd - tailStart + 10);
  const size = tail.readUInt32LE(eocd - tailStart + 12);
  const offset = tail.readUInt32LE(eocd - tailStart + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new StatementFileError('file.zip64');
  if (offset + size > eocd) throw new StatementFileError('file.corruptArchive');
  return { offset, count };
}

/** The directory's entries; `bytes` holds the file from `start` (the directory's offset) to its end. */
function parseCentralDirectory(bytes: Buffer, start: number, fileSize: number, count: number) {
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
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (start + at + 46 > fileSize || bytes.readUInt32LE(at) !== CENTRAL_HEADER) throw new StatementFileError('file.corruptArchive');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const time = bytes.readUInt16LE(at + 12);
    const date = bytes.readUInt16LE(at + 14);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, flags, method, time, date, crc, compressedSize, uncompressedSize, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export type ArchiveEntry = ReturnType<typeof readCentralDirectory>[number];

/** The compressed bytes of one entry, located through its local header. */
export function entryData(file: Buffer, entry: ArchiveEntry): Buffer {
  const dataStart = entryDataStart(file.subarray(entry.localOffset, entry.localOffset + 30), entry, file.length);
  return file.subarray(dataStart, dataStart + entry.compressedSize);
}

/** Where an entry's compressed bytes start in a source, located through its local header. */
export async function entryDataStartOf(source: ArchiveSource, entry: ArchiveEntry): Promise<number> {
  const local = entry.localOffset + 30 > source.size ? Buffer.alloc(0) : await source.read(entry.localOffset, 30);
  return entryDataStart(local, entry, source.size);
}

/** `local`: the entry's 30-byte local header (shorter when the file ends before it). */
function entryDataStart(local: Buffer, entry: ArchiveEntry, fileSize: number): number {
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_HEADER) throw new StatementFileError('file.corruptArchive');
  const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > fileSize) throw new StatementFileError('file.corruptArchive');
  return dataStart;
}
