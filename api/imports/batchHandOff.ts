import type { PendingBatch } from './importBatch';

/**
 * The bounded queue between an import's reading loop and its writes. The loop reads and judges
 * the next batch while one is being written; a batch ready before the write ahead of it ends
 * waits for it, and so does the loop. So at most two batches are held (one written, one read),
 * one write is in flight, and batches with their checkpoints commit in file order.
 */
export class BatchHandOff {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (batch: PendingBatch) => Promise<void>) {}

  /** Waits for the write ahead (its failure is thrown here), then starts this batch's. */
  async hand(batch: PendingBatch): Promise<void> {
    await this.writing;
    this.writing = this.write(batch);
    // A failure is thrown by the next hand() or drain(); until then it must not count as unhandled.
    this.writing.catch(() => undefined);
  }

  /** Until the last write has committed (its failure thrown). */
  drain(): Promise<void> {
    return this.writing;
  }

  /** Until the last write has ended, committed or not. */
  settled(): Promise<void> {
    return this.writing.catch(() => undefined);
  }
}
