import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/**
 * The wire-protocol server in front of the embedded PGlite. PGlite is one session, so every
 * connection's messages go through one queue. pglite-socket's own queue keeps a connection's
 * turn only inside a transaction (electric-sql/pglite #977, #1046): between Parse and Sync,
 * another connection's Parse replaces the unnamed statement. This one keeps the turn from the
 * first message of an extended-protocol batch to its Sync, and inside transactions, so that
 * the app's pool and BullMQ's pools can share the instance.
 */
export interface SessionServer {
  port: number;
  stop(): Promise<void>;
}

/** Extended-protocol messages that leave state (the unnamed statement or portal) until Sync. */
const BATCH_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((type) => type.charCodeAt(0)));

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(size: number): void;
  reject(error: Error): void;
}

/** The interface PGLiteSocketHandler calls on its `queryQueue`. */
class SharedSessionQueue {
  private queue: QueuedMessage[] = [];
  private processing = false;
  /** The connection whose batch or transaction holds the session; null when it is free. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number) {
    this.queue = this.queue.filter((queued) => {
      if (queued.handlerId !== handlerId) return true;
      queued.reject(new Error('Handler disconnected'));
      return false;
    });
    // A batch cut short by a disconnection holds nothing once its transaction is gone.
    if (this.owner === handlerId && !this.db.isInTransaction()) this.release();
  }

  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.release();
  }

  private release() {
    this.owner = null;
    void this.process();
  }

  private next() {
    if (this.owner === null) return this.queue.shift();
    const at = this.queue.findIndex((queued) => queued.handlerId === this.owner);
    return at === -1 ? undefined : this.queue.splice(at, 1)[0];
  }

  private async process() {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let queued = this.next(); queued; queued = this.next()) {
        let size = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(queued!.message, {
              onRawData: (data) => {
                size += data.length;
                queued!.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? queued.handlerId : null;
          queued.reject(error as Error);
          continue;
        }
        this.owner = BATCH_MESSAGES.has(queued.message[0]) || this.db.isInTransaction() ? queued.handlerId : null;
        queued.resolve(size);
      }
    } finally {
      this.processing = false;
    }
  }
}

export async function startSessionServer(db: PGlite, options: { host: string; maxConnections: number }): Promise<SessionServer> {
  const queryQueue = new SharedSessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    if (handlers.size >= options.maxConnections) {
      socket.end('Too many connections\n');
      return;
    }
    // The queue's type is not exported; the handler only calls the methods above.
    const handler = new PGLiteSocketHandler({ queryQueue: queryQueue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket);
  });
  server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
