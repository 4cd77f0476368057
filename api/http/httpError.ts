import type { ErrorRequestHandler } from 'express';
import { ZodError, type ZodType } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { renderFields, renderMessage, type Message } from '../../shared/messages/message';
import { messageOfIssue } from '../../shared/messages/zodIssues';
import { isTransactionConflict } from '../database/transactions';
import { localiseErrorBody } from './language';

export type FieldErrors = Record<string, string>;

/**
 * An error the client can act on: serialised as `{ message, errors }`, the shape
 * react-admin shows inline under each input (`errors.root.serverError` for the form).
 * Its message and field errors are codes with their values, rendered in the language the
 * request asks for; `message` and `errors` hold the French ones.
 */
export class HttpError extends Error {
  readonly errors: FieldErrors;
  /** The body carries the code too (statement file errors, which clients may act on by code). */
  answersCode = false;

  constructor(
    readonly status: number,
    readonly detail: Message,
    readonly fieldDetails: Record<string, Message> = {},
    /** Headers the answer carries (e.g. Retry-After on a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(renderMessage(detail, 'fr'));
    this.errors = renderFields(fieldDetails, 'fr');
  }

  static coded(status: number, detail: Message, fields: Record<string, Message> = {}): HttpError {
    const error = new HttpError(status, detail, fields);
    error.answersCode = true;
    return error;
  }
}

export const badRequest = (message: Message, errors?: Record<string, Message>) => new HttpError(400, message, errors);
export const notFound = (message: Message = { code: 'request.notFound' }) => new HttpError(404, message);

/** One message per field (first issue wins), by code. */
export function fieldMessagesOf(error: ZodError): Record<string, Message> {
  const messages: Record<string, Message> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'root.serverError';
    // Own properties only: a field named after an Object.prototype member ("toString") is still reported.
    if (!Object.hasOwn(messages, field)) messages[field] = messageOfIssue(issue);
  }
  return messages;
}

/** The same in French. */
export const fieldErrorsOf = (error: ZodError): FieldErrors => renderFields(fieldMessagesOf(error), 'fr');

/** Parses `input` with `schema`, or throws a 400 carrying the field errors. */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown, message: Message = { code: 'request.invalid' }): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, message, fieldMessagesOf(result.error));
  return result.data;
}

/**
 * A database that cannot serve the request now but may in a moment: SQLSTATE class 08
 * (connection exception), 57P01-57P03 (server shutting down, crashed, starting up), 53300 (too
 * many connections), 55000 (the database does not accept connections, e.g. ALLOW_CONNECTIONS
 * false), 55P03 (a lock not granted in time), the socket errors of the driver, pg's own
 * "Connection terminated", and Knex's pool timeout.
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '55000', '55P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code } = databaseErrorOf(error);
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|Connection ended unexpectedly|Client has encountered a connection error|Knex: Timeout acquiring a connection/i.test(message);
}

/**
 * Last handler: known errors keep their status and message; anything else is logged with
 * the request id and answered as a generic 500 that carries the same id, never a stack or SQL.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  // In the language the client asked for (Accept-Language, French by default).
  const send = (status: number, detail: Message, fields: Record<string, Message> = {}, extra: Record<string, unknown> = {}) =>
    res.status(status).json({ ...localiseErrorBody(req, res, detail, fields), ...extra });
  if (error instanceof HttpError) {
    res.set(error.headers);
    send(error.status, error.detail, error.fieldDetails, error.answersCode ? { code: error.detail.code } : {});
    return;
  }
  // Body parser and multer errors are the client's fault.
  const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = error.type === 'entity.too.large' ? 'request.tooLarge' : error.type === 'entity.parse.failed' ? 'request.bodyNotJson' : 'request.malformed';
    send(status, { code });
    return;
  }
  // Last net under the validation layer: a value PostgreSQL refuses as data (class 22: out of
  // range, NUL character, malformed date...) came from the request, and its transaction rolled back.
  const { code } = databaseErrorOf(error);
  if (typeof code === 'string' && code.startsWith('22')) {
    req.log?.warn({ err: error }, 'value refused by PostgreSQL past validation');
    send(400, { code: 'request.valueRefused' });
    return;
  }
  // Transactions that kept meeting concurrent ones (see database/transactions.ts): nothing was written.
  if (isTransactionConflict(error)) {
    req.log?.warn({ err: error }, 'transaction conflict left after retries');
    send(409, { code: 'request.concurrentChange' });
    return;
  }
  // The database went away (restart, failover, cut connection): the request may be retried;
  // its transaction was rolled back, or committed without an acknowledgement.
  if (isDatabaseUnavailable(error)) {
    req.log?.error({ err: error }, 'database unavailable');
    res.set('Retry-After', '5');
    send(503, { code: 'request.databaseUnavailable' });
    return;
  }
  req.log?.error({ err: error }, 'unhandled error');
  send(500, { code: 'request.unexpected', params: { reference: String(req.id ?? '') } }, {}, { requestId: req.id });
};
