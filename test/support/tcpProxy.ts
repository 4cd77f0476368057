import net from 'node:net';

/**
 * A TCP proxy to a real server (Redis, PostgreSQL) that a test can cut and restore: the
 * client sees the server vanish (connections reset, new ones refused) and come back on the
 * same address, which is what an outage looks like from the application.
 */
export interface TcpProxy {
  port: number;
  url(protocol: string, path?: string): string;
  /** Refuses new connections and resets the open ones. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /**
   * Resets the open connections and answers each new one with `reply` (then closes it) instead
   * of forwarding it, as a server that refuses connections does; `forward()` undoes it.
   */
  refuse(reply: Buffer): void;
  forward(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let refusal: Buffer | undefined;
  const server = net.createServer((client) => {
    if (refusal) {
      const reply = refusal;
      client.on('error', () => undefined);
      // The client speaks first (a startup message): answer it, then hang up.
      client.once('data', () => client.end(reply));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.resetAndDestroy();
    await closed;
  };
  return {
    port,
    url: (protocol, path = '') => `${protocol}://127.0.0.1:${port}${path}`,
    cut: stop,
    restore: () => listen(port),
    refuse(reply) {
      refusal = reply;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    forward() {
      refusal = undefined;
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
