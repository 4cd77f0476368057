import type { Knex } from 'knex';
import type { ArchiveSource } from './archiveSource';
import { StatementFileError } from '../statementFileError';

/**
 * An uploaded statement as the database keeps it: rows of about a megabyte in
 * statement_file_chunks (migration 20261127_10), numbered from 0. The worker reads them as an
 * ArchiveSource, a chunk or two at a time, so that the file is never whole in its memory: the
 * archive checks read the tail (central directory) and each part in turn, the reader streams the
 * parts in the order it needs them.
 */

export const STATEMENT_FILE_CHUNK_BYTES = 1024 * 1024;
/** Chunks sent per INSERT while storing a file. */
const CHUNKS_PER_INSERT = 8;

/** Stores a file's chunks for an import, inside the caller's transaction. */
export async function storeStatementFile(trx: Knex | Knex.Transaction, importId: number, content: Buffer) {
  for (let first = 0; first * STATEMENT_FILE_CHUNK_BYTES < content.length; first += CHUNKS_PER_INSERT) {
    const rows = [];
    for (let seq = first; seq < first + CHUNKS_PER_INSERT && seq * STATEMENT_FILE_CHUNK_BYTES < content.length; seq++) {
      rows.push({ import_id: importId, seq, data: content.subarray(seq * STATEMENT_FILE_CHUNK_BYTES, (seq + 1) * STATEMENT_FILE_CHUNK_BYTES) });
    }
    await trx('statement_file_chunks').insert(rows);
  }
}

/** Replaces an import's stored file (the tests use it to alter a file after its upload checks). */
export async function replaceStatementFile(knex: Knex, importId: number, content: Buffer) {
  await knex.transaction(async (trx) => {
    await trx('statement_file_chunks').where({ import_id: importId }).delete();
    await storeStatementFile(trx, importId, content);
    await trx('statement_imports').where({ id: importId }).update({ file_size: content.length });
  });
}

/** The whole stored file in one buffer (for the tests and small files only). */
export async function readStatementFile(knex: Knex, importId: number): Promise<Buffer> {
  const rows: Array<{ data: Buffer }> = await knex('statement_file_chunks').select('data').where({ import_id: importId }).orderBy('seq');
  return Buffer.concat(rows.map((row) => row.data));
}

export interface StoredFileSource extends ArchiveSource {
  /**
   * The first failure to read a chunk (the database gone, a chunk missing), if any. A read that
   * fails ends the stream early instead of erroring it (a stream piped into exceljs' unzipper
   * would wait for ever), and the reader's "truncated file" error is then replaced by this one.
   */
  readonly failure: unknown;
}

/**
 * The stored file of an import as a source. Its chunks are listed first: they must be numbered
 * without gap and add up to the size recorded at the upload, or the import fails with a clear
 * message (a file that lost a chunk must not be read as a shorter one).
 */
export async function storedFileSource(knex: Knex, importId: number, expectedSize: number): Promise<StoredFileSource> {
  const listed: Array<{ seq: number; size: number }> = await knex('statement_file_chunks').select('seq', knex.raw('octet_length(data)::int AS size')).where({ import_id: importId }).orderBy('seq');
  if (!listed.length) throw new StatementFileError('file.missingStoredFile');
  // starts[i]: offset of chunk i in the file; starts[n]: the file's size.
  const starts = [0];
  listed.forEach((chunk, index) => {
    if (chunk.seq !== index || chunk.size === 0) throw new StatementFileError('file.incompleteStoredFile');
    starts.push(starts[index] + chunk.size);
  });
  const size = starts[listed.length];
  if (size !== expectedSize) throw new StatementFileError('file.incompleteStoredFile');

  let failure: unknown;
  /** The chunk holding byte `offset`. */
  const chunkAt = (offset: number) => {
    let low = 0;
    let high = listed.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  // The last chunk fetched is kept: an entry's local header and its first bytes share a chunk.
  let cached: { seq: number; data: Promise<Buffer> } | undefined;
  const fetchChunk = (seq: number): Promise<Buffer> => {
    if (cached?.seq === seq) return cached.data;
    const data = knex('statement_file_chunks')
      .select('data')
      .where({ import_id: importId, seq })
      .first()
      .then((row: { data?: Buffer } | undefined) => {
        if (!row?.data || row.data.length !== starts[seq + 1] - starts[seq]) throw new StatementFileError('file.incompleteStoredFile');
        return row.data;
      });
    data.catch(() => undefined); // awaited by the reader
    cached = { seq, data };
    return data;
  };

  const source: StoredFileSource = {
    size,
    get failure() {
      return failure;
    },
    async read(offset, length) {
      const pieces: Buffer[] = [];
      for await (const piece of source.slices(offset, length)) pieces.push(piece);
      if (pieces.reduce((sum, piece) => sum + piece.length, 0) !== length) throw failure ?? new StatementFileError('file.incompleteStoredFile');
      return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
    },
    async *slices(offset, length) {
      const end = Math.min(offset + length, size);
      if (offset >= end) return;
      let seq = chunkAt(offset);
      const last = chunkAt(end - 1);
      // The next chunk is fetched while the current one is consumed.
      let next: Promise<Buffer> = fetchChunk(seq);
      while (seq <= last) {
        let data: Buffer;
        try {
          data = await next;
        } catch (error) {
          failure ??= error;
          return;
        }
        if (seq < last) next = fetchChunk(seq + 1);
        yield data.subarray(Math.max(0, offset - starts[seq]), Math.min(data.length, end - starts[seq]));
        seq++;
      }
    },
  };
  return source;
}
