import type { Knex } from 'knex';
import { databaseErrorOf } from './databaseError';

/** A deadlock (40P01) or a serialization failure (40001): PostgreSQL rolled the transaction back, and running it again is safe. */
export function isTransactionConflict(error: unknown): boolean {
  const { code } = databaseErrorOf(error);
  return code === '40P01' || code === '40001';
}

/** Attempts of a transaction that meets concurrent ones; the last conflict is the caller's (a 409 in the API). */
export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `work` in a transaction, again when PostgreSQL rolled it back for a deadlock or a
 * serialization failure (after a short random pause, so that the two sides do not meet again).
 * Writers lock rows in one order (clients by id), which keeps deadlocks rare; the ones left (a
 * foreign-key check that reaches a client row another transaction holds) resolve here.
 * `work` must be safe to run again: everything it did was rolled back.
 */
export async function retriedTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = TRANSACTION_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
