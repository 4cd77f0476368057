import os from 'node:os';
import argon2 from 'argon2';
import { HttpError } from '../http/httpError';

/**
 * Argon2 is meant to be costly (memory and CPU): a flood of sign-ins, each hashing a password,
 * used to put dozens of hashes in flight at once, and a legitimate sign-in waited seconds behind
 * them. At most one hash per core runs at a time; the others wait their turn, those for a real
 * account first. The decoy hash an unknown email gets (so that both failures take the same time)
 * waits behind them, in a bounded list: past it, such a sign-in is answered 503 at once with
 * Retry-After. A flood of made-up emails from many addresses then costs real users nothing but the
 * hashes already running.
 */
const SLOTS = Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
const MAX_WAITING_DECOYS = 64;

export type HashPriority = 'account' | 'decoy';

let inFlight = 0;
let peak = 0;
const waiting: Record<HashPriority, Array<() => void>> = { account: [], decoy: [] };

async function withSlot<T>(priority: HashPriority, work: () => Promise<T>): Promise<T> {
  if (inFlight >= SLOTS) {
    if (priority === 'decoy' && waiting.decoy.length >= MAX_WAITING_DECOYS) {
      throw new HttpError(503, { code: 'auth.tooManySignIns' }, {}, { 'Retry-After': '5' });
    }
    // The slot is handed over by the hash that ends (inFlight stays counted for us).
    await new Promise<void>((resolve) => waiting[priority].push(resolve));
  } else {
    inFlight++;
  }
  peak = Math.max(peak, inFlight);
  try {
    return await work();
  } finally {
    const next = waiting.account.shift() ?? waiting.decoy.shift();
    if (next) next();
    else inFlight--;
  }
}

export const hashPassword = (plain: string, priority: HashPriority = 'account') => withSlot(priority, () => argon2.hash(plain));
export const verifyPassword = (hash: string, plain: string, priority: HashPriority = 'account') => withSlot(priority, () => argon2.verify(hash, plain));

/** For the metrics and the tests: hashes running now, the most ever at once, those waiting, and the bound. */
export function passwordHashing() {
  return { inFlight, peak, waiting: waiting.account.length + waiting.decoy.length, slots: SLOTS };
}
