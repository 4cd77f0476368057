import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest } from './httpError';
import { jsonProblemOf, tooDeepRefused } from './textInput';
import { codedIssue, messageOfIssue } from '../../shared/messages/zodIssues';
import type { Message } from '../../shared/messages/message';

/**
 * Parsing of the query string that ra-data-simple-rest sends:
 * `sort=["field","ASC"]`, `range=[start,end]` (inclusive) and `filter={...}`.
 * Anything malformed is a 400, never a 500.
 */
export const MAX_PAGE_SIZE = 1000;

export interface ListQuery<F> {
  sort: { field: string; order: 'ASC' | 'DESC' };
  range: { start: number; end: number };
  filter: F;
}

function parseJsonParam(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest({ code: 'list.paramInvalid', params: { name } }, { [name]: { code: 'list.jsonExpected' } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest({ code: 'list.paramNotJson', params: { name } }, { [name]: { code: 'list.jsonInvalid' } });
  }
  // `\u0000` escapes only become NUL characters here, after the query-string guard has run.
  const problem = jsonProblemOf(parsed);
  if (problem?.kind === 'nul') throw badRequest({ code: 'list.paramNul', params: { name } }, { [name]: { code: 'request.nulForbidden' } });
  if (problem?.kind === 'depth') throw tooDeepRefused(name);
  return parsed;
}

/** PostgreSQL's `integer`: ids, offsets and counts past it would be refused by the database (22003). */
export const POSTGRES_INT_MAX = 2_147_483_647;

const rangeSchema = z.tuple([z.number().int().min(0).max(POSTGRES_INT_MAX), z.number().int().min(0).max(POSTGRES_INT_MAX)]);
const sortSchema = z.tuple([z.string(), z.string().transform((o) => o.toUpperCase())]);

export interface ListQueryOptions<F> {
  sortable: readonly string[];
  defaultSort: [string, 'ASC' | 'DESC'];
  filter: z.ZodType<F>;
}

export function parseListQuery<F>(query: Record<string, unknown>, options: ListQueryOptions<F>): ListQuery<F> {
  const rawSort = parseJsonParam('sort', query.sort);
  let sort: ListQuery<F>['sort'] = { field: options.defaultSort[0], order: options.defaultSort[1] };
  if (rawSort !== undefined) {
    const parsed = sortSchema.safeParse(rawSort);
    if (!parsed.success || !['ASC', 'DESC'].includes(parsed.data[1])) {
      throw badRequest({ code: 'list.sortShape' }, { sort: { code: 'list.sortInvalid' } });
    }
    if (!options.sortable.includes(parsed.data[0])) {
      throw badRequest(
        { code: 'list.sortUnknown', params: { field: parsed.data[0], fields: options.sortable.join(', ') } },
        {
          sort: { code: 'list.sortFieldUnknown' },
        },
      );
    }
    sort = { field: parsed.data[0], order: parsed.data[1] as 'ASC' | 'DESC' };
  }

  const rawRange = parseJsonParam('range', query.range);
  let range = { start: 0, end: 24 };
  if (rawRange !== undefined) {
    const parsed = rangeSchema.safeParse(rawRange);
    if (!parsed.success || parsed.data[1] < parsed.data[0]) {
      throw badRequest({ code: 'list.rangeShape' }, { range: { code: 'list.rangeInvalid' } });
    }
    range = { start: parsed.data[0], end: parsed.data[1] };
  }
  if (range.end - range.start + 1 > MAX_PAGE_SIZE) {
    throw badRequest({ code: 'list.pageTooLarge', params: { max: String(MAX_PAGE_SIZE) } }, { range: { code: 'list.rangeTooLarge' } });
  }

  const rawFilter = parseJsonParam('filter', query.filter) ?? {};
  const parsedFilter = options.filter.safeParse(rawFilter);
  if (!parsedFilter.success) {
    const issue = parsedFilter.error.issues[0];
    const reason = messageOfIssue(issue);
    const message: Message = issue.path.length ? { code: 'list.filterInvalidAt', params: { path: issue.path.join('.'), reason } } : { code: 'list.filterInvalid', params: { reason } };
    throw badRequest(message, { filter: reason });
  }
  // getMany sends `filter={"id":[...]}` with no range: answer every requested id.
  const ids = (parsedFilter.data as { id?: unknown }).id;
  if (rawRange === undefined && Array.isArray(ids) && ids.length > 0) range = { start: 0, end: ids.length - 1 };
  return { sort, range, filter: parsedFilter.data };
}

/**
 * Answers a page with the `Content-Range` header ra-data-simple-rest reads the total from. When
 * the count stopped (`capped`, see COUNT_CAP), the complete length is unknown (`/*`, as RFC 9110
 * writes it) and `X-Total-More-Than` gives what is known: there are more rows than that.
 */
export function sendPage(res: Response, resource: string, range: { start: number }, rows: unknown[], total: number, capped = false) {
  if (capped) res.set('X-Total-More-Than', String(total));
  const length = capped ? '*' : String(total);
  const contentRange = rows.length ? `${resource} ${range.start}-${range.start + rows.length - 1}/${length}` : `${resource} */${length}`;
  res.set('Content-Range', contentRange).json(rows);
}

/** A page of a list as the services answer it: `capped` when the count stopped (see sendPage). */
export interface ListPage {
  rows: unknown[];
  total: number;
  capped?: boolean;
}

/** The GET handler of a react-admin list: the query parsed (or a 400), the page read, the page sent. */
export function listRoute<F>(resource: string, options: ListQueryOptions<F>, list: (query: ListQuery<F>) => Promise<ListPage>) {
  return async (req: Request, res: Response) => {
    const query = parseListQuery(req.query as Record<string, unknown>, options);
    const { rows, total, capped } = await list(query);
    sendPage(res, resource, query.range, rows, total, capped);
  };
}

/**
 * Shared filter pieces. An id is a positive PostgreSQL `integer`, written in decimal digits: a
 * number, or a string of digits only. No general coercion: `0x10`, `1e3`, ` 12`, `12.0` or `+5`
 * are not ids (Number() would read them as 16, 1000, 12...), and the type alone (a JS number)
 * would let 2147483648 through to a 500.
 */
const DECIMAL_ID = /^[0-9]+$/;
export const recordId = z.preprocess(
  (value) => (typeof value === 'string' ? (DECIMAL_ID.test(value) ? Number(value) : Number.NaN) : value),
  z
    .number({ error: codedIssue('list.idInvalid') })
    .int(codedIssue('list.idInvalid'))
    .positive(codedIssue('list.idInvalid'))
    .max(POSTGRES_INT_MAX, codedIssue('list.idInvalid')),
);
export const idList = z.array(recordId).max(MAX_PAGE_SIZE, codedIssue('list.tooManyIds', { max: String(MAX_PAGE_SIZE) }));
export const idParam = recordId;
export const optionalId = recordId.optional();

export function parseIdParam(raw: unknown): number {
  const parsed = idParam.safeParse(raw);
  if (!parsed.success) throw badRequest({ code: 'list.idInvalid' }, { id: { code: 'list.idInvalidField' } });
  return parsed.data;
}
