/**
 * Where an uploaded workbook's bytes are read from: a buffer in memory (the upload, the preview,
 * the tests) or the chunks stored in PostgreSQL (the worker, storedStatementFile.ts), so that the
 * archive checks and the reader run the same code on both without the file being whole in memory.
 */
export interface ArchiveSource {
  /** Bytes in the file. */
  readonly size: number;
  /** The `length` bytes at `offset` (the caller keeps the range inside the file). */
  read(offset: number, length: number): Promise<Buffer>;
  /** The same range as consecutive slices, read as they are consumed. */
  slices(offset: number, length: number): AsyncIterable<Buffer>;
}

export function bufferSource(file: Buffer): ArchiveSource {
  return {
    size: file.length,
    read: async (offset, length) => file.subarray(offset, offset + length),
    async *slices(offset, length) {
      if (length > 0) yield file.subarray(offset, offset + length);
    },
  };
}
