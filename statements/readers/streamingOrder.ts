import zlib from 'node:zlib';
import type { ArchiveSource } from '../archive/archiveSource';
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY, entryData, entryDataStartOf, LOCAL_HEADER, type ArchiveEntry } from '../archive/zipDirectory';

/**
 * The checked archive written back in the order a streaming reader needs: the workbook, its
 * relationships, shared strings and styles before the worksheets. exceljs' streaming reader
 * otherwise spools every worksheet it meets first to a temporary file (Excel itself writes
 * sharedStrings.xml after the sheets), and leaks that file's descriptor when the reading stops
 * early, as the preview does. A workbook without shared strings gets an empty part, for the same
 * reason. The compressed bytes are copied as they are (no re-compression): from a buffer
 * (workbookInStreamingOrder) or streamed from a source, a slice at a time (streamInStreamingOrder),
 * so that the worker never holds the file whole.
 */

/** A part whose content was rewritten (deflated): see addressedWorksheet. */
export interface RewrittenPart {
  data: Buffer;
  crc: number;
  size: number;
}

/** The reordered archive: bytes to write as they are, and entries whose compressed bytes are copied. */
export type StreamingOrderPlan = Array<Buffer | ArchiveEntry>;

/** One entry as it is written back. */
type ArchivePart = { name: Buffer; flags: number; method: number; time: number; date: number; crc: number; size: number; data: Buffer | ArchiveEntry; length: number };

/** Parts a streaming reader must have read before the worksheets. */
const PARTS_BEFORE_SHEETS = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);
const EMPTY_SHARED_STRINGS_CRC = zlib.crc32(EMPTY_SHARED_STRINGS);

/** The reordered archive's layout: headers and directory computed from the declared sizes. */
export function streamingOrderPlan(entries: ArchiveEntry[], rewritten: Map<string, RewrittenPart> = new Map()): StreamingOrderPlan {
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
        data: replaced?.data ?? entry,
        length: replaced?.data.length ?? entry.compressedSize,
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
      length: EMPTY_SHARED_STRINGS.length,
    });
  }
  const plan: StreamingOrderPlan = [];
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
    plan.push(local, part.name, part.data);
    directory.push(central, part.name);
    offset += 30 + part.name.length + part.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  plan.push(directoryBytes, end);
  return plan;
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
  header.writeUInt32LE(part.length, at + 14);
  header.writeUInt32LE(part.size, at + 18);
  header.writeUInt16LE(part.name.length, at + 22);
}

/** The reordered archive as one buffer, its parts copied from `file`. */
export function workbookInStreamingOrder(file: Buffer, entries: ArchiveEntry[], rewritten: Map<string, RewrittenPart> = new Map()): Buffer {
  return assembleInMemory(file, streamingOrderPlan(entries, rewritten));
}

export function assembleInMemory(file: Buffer, plan: StreamingOrderPlan): Buffer {
  return Buffer.concat(plan.map((piece) => (Buffer.isBuffer(piece) ? piece : entryData(file, piece))));
}

/** The reordered archive as slices, each entry's compressed bytes read from the source as they are consumed. */
export async function* streamInStreamingOrder(source: ArchiveSource, plan: StreamingOrderPlan): AsyncGenerator<Buffer> {
  for (const piece of plan) {
    if (Buffer.isBuffer(piece)) {
      if (piece.length) yield piece;
      continue;
    }
    yield* source.slices(await entryDataStartOf(source, piece), piece.compressedSize);
  }
}
