import type { Message, MessageCode } from '../../shared/messages/message';
import { isTransactionConflict } from '../database/transactions';
import { isDatabaseUnavailable } from '../http/httpError';

/**
 * What an import's record says when an attempt fails: support staff read it, so it is a sentence
 * saying what happened and what comes next; the technical detail (SQL, driver messages) goes to
 * the log, with the import's number.
 */

/** What went wrong, in words support staff can act on; never the technical message itself. */
function failureCause(error: unknown): Message {
  const code: MessageCode = isDatabaseUnavailable(error) ? 'import.cause.database' : isTransactionConflict(error) ? 'import.cause.conflict' : 'import.cause.technical';
  return { code };
}

export const retryMessage = (importId: number, attempt: number, attempts: number, error: unknown): Message => ({
  code: 'import.retrying',
  params: { attempt, attempts, cause: failureCause(error), importId: String(importId) },
});

export const finalFailureMessage = (importId: number, attempts: number, error: unknown): Message => ({
  code: 'import.failedAfterAttempts',
  params: { attempts, cause: failureCause(error), importId: String(importId) },
});

export const abandonedMessage = (importId: number): Message => ({ code: 'import.abandoned', params: { importId: String(importId) } });
