import type { ErrorRequestHandler } from 'express';
import { ZodError, type ZodType } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { renderMessage, type Message } from '../../shared/messages/message';
import { isTransactionConflict } from '../database/transactions';
import { localiseErrorBody } from './language';

export type FieldErrors = Record<string, string>;

/**
 * An error the client can act on: serialised as `{ message, errors }`, the shape
 * react-admin shows inline under each input (`errors.root.serverError` for the form).
 * A coded error (HttpError.coded) carries its message's code and values, rendered in the
 * language the request asks for; the others are French sentences.
 */
export class HttpError extends Error {
  detail?: Message;
  fieldDetails?: Record<string, Message>;

  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldErrors = {},
    /** Headers the answer carries (e.g. Retry-After on a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  static coded(status: number, detail: Message, fields: Record<string, Message> = {}): HttpError {
    const error = new HttpError(status, renderMessage(detail, 'fr'), Object.fromEntries(Object.entries(fields).map(([field, message]) => [field, renderMessage(message, 'fr')])));
    error.detail = detail;
    error.fieldDetails = fields;
    return error;
  }
}

export const badRequest = (message: string, errors?: FieldErrors) => new HttpError(400, message, errors);
export const notFound = (message = 'Ressource introuvable.') => new HttpError(404, message);

/** Flattens a ZodError into one French message per field (first issue wins). */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'root.serverError';
    // Own properties only: a field named after an Object.prototype member ("toString") is still reported.
    if (!Object.hasOwn(errors, field)) errors[field] = issue.message;
  }
  return errors;
}

/** Parses `input` with `schema`, or throws a 400 carrying the field errors. */
export function parseOrThrow<T>(schema: ZodType<T>, input: unknown, message = 'Certaines informations sont invalides.'): T {
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(message, fieldErrorsOf(result.error));
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

export const CONCURRENT_CHANGE_MESSAGE = 'Une autre modification des mêmes données était en cours : rien n’a été enregistré. Réessayez dans un instant.';

/**
 * Last handler: known errors keep their status and message; anything else is logged with
 * the request id and answered as a generic 500 that carries the same id, never a stack or SQL.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  // In the language the client asked for (Accept-Language, French by default).
  const send = (status: number, body: { message: string; errors: FieldErrors; requestId?: unknown }, coded?: Pick<HttpError, 'detail' | 'fieldDetails'>) =>
    res.status(status).json(localiseErrorBody(req, res, body, coded));
  if (error instanceof HttpError) {
    res.set(error.headers);
    send(error.status, { message: error.message, errors: error.errors, ...(error.detail ? { code: error.detail.code } : {}) }, error);
    return;
  }
  // Body parser and multer errors are the client's fault.
  const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message =
      error.type === 'entity.too.large' ? 'La requête est trop volumineuse.'
      : error.type === 'entity.parse.failed' ? 'Le corps de la requête n’est pas un JSON valide.'
      : 'Requête invalide.';
    send(status, { message, errors: {} });
    return;
  }
  // Last net under the validation layer: a value PostgreSQL refuses as data (class 22: out of
  // range, NUL character, malformed date...) came from the request, and its transaction rolled back.
  const { code } = databaseErrorOf(error);
  if (typeof code === 'string' && code.startsWith('22')) {
    req.log?.warn({ err: error }, 'value refused by PostgreSQL past validation');
    send(400, { message: 'Une valeur envoyée est invalide ou hors limites.', errors: {} });
    return;
  }
  // Transactions that kept meeting concurrent ones (see database/transactions.ts): nothing was written.
  if (isTransactionConflict(error)) {
    req.log?.warn({ err: error }, 'transaction conflict left after retries');
    send(409, { message: CONCURRENT_CHANGE_MESSAGE, errors: {} });
    return;
  }
  // The database went away (restart, failover, cut connection): the request may be retried;
  // its transaction was rolled back, or committed without an acknowledgement.
  if (isDatabaseUnavailable(error)) {
    req.log?.error({ err: error }, 'database unavailable');
    res.set('Retry-After', '5');
    send(503, { message: 'La base de données est momentanément indisponible. Réessayez dans quelques instants.', errors: {} });
    return;
  }
  req.log?.error({ err: error }, 'unhandled error');
  send(500, {
    message: `Une erreur inattendue est survenue. Référence : ${String(req.id ?? '')}`,
    errors: {},
    requestId: req.id,
  });
};
