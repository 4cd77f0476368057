import type { Knex } from 'knex';

/**
 * The same Knex, whose transaction() waits at a gate once `pauseAfter` transactions have started:
 * a worker "paused" between two batches (each batch is one transaction), with every query still
 * going to the real database. `paused` resolves when the gate is reached; `resume()` opens it.
 */
export function pausableKnex(knex: Knex, pauseAfter: number) {
  let started = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const handle = new Proxy(knex, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<Knex['transaction']>) => {
        if (++started > pauseAfter) {
          reached();
          await gate;
        }
        return (target.transaction as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { knex: handle, paused, resume: () => open() };
}

/** Resolves once at least `count` sessions of the database wait on a lock (PostgreSQL server only). */
export async function waitingOnLocks(knex: Knex, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await knex.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0].n >= count) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} sessions waiting on a lock (${rows[0].n})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
