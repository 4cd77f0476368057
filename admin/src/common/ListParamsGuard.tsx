import { useEffect, type ReactNode } from 'react';
import { useListContext, useNotify, type SortPayload } from 'react-admin';

/** A 400 refusing the list's own parameters (a bad bookmark or hand-edited URL), not a data problem. */
export function isBadListParams(error: unknown): boolean {
  const { status, body } = (error ?? {}) as { status?: number; body?: { errors?: Record<string, unknown> } };
  return status === 400 && !!body?.errors && ['sort', 'filter', 'range'].some((key) => key in body.errors!);
}

/**
 * Whether the list's parameters can be shown as they are: while a bad sort or filter is being
 * replaced, the list shows neither rows nor "Aucun résultat" next to the previous total.
 */
export function useListParamsValid(sortable: readonly string[]): boolean {
  const { sort, error } = useListContext();
  const unknownSort = !!sort?.field && !sortable.includes(sort.field);
  const badOrder = !!sort?.order && !['ASC', 'DESC'].includes(sort.order);
  return !unknownSort && !badOrder && !isBadListParams(error);
}

/** Renders its children only while the list's parameters are valid (see useListParamsValid). */
export const WhenListParamsValid = ({ sortable, children }: { sortable: readonly string[]; children: ReactNode }) => (useListParamsValid(sortable) ? <>{children}</> : null);

/**
 * A list URL with an unknown sort field, a malformed filter or range falls back to the default
 * sort, no filter and the first page, and says so, instead of showing an empty list next to a
 * total. Unknown sort fields are caught before any request; the rest from the API's 400
 * (pass `isBadListParams` to the List's queryOptions so react-admin does not also notify it).
 */
export const ListParamsGuard = ({ sortable, defaultSort }: { sortable: readonly string[]; defaultSort: SortPayload }) => {
  const { sort, setSort, error, setFilters, setPage } = useListContext();
  const notify = useNotify();
  const unknownSort = !!sort?.field && !sortable.includes(sort.field);
  const badOrder = !!sort?.order && !['ASC', 'DESC'].includes(sort.order);
  useEffect(() => {
    if (!unknownSort && !badOrder) return;
    setSort(defaultSort);
    notify('app.list.bad_params', { type: 'warning' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unknownSort, badOrder]);
  useEffect(() => {
    if (!isBadListParams(error)) return;
    const errors = (error as unknown as { body: { errors: Record<string, unknown> } }).body.errors;
    if (errors.sort) setSort(defaultSort);
    if (errors.filter) setFilters({}, {});
    if (errors.range) setPage(1);
    notify('app.list.bad_params', { type: 'warning' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error]);
  return null;
};
