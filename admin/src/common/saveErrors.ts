import { useCallback } from 'react';
import { useNotify, type HttpError } from 'react-admin';
import { saveDraft } from './formDrafts';

/**
 * onError of a pessimistic form save (a save never says it worked when it did not):
 * - 401, the session expired: what was typed is kept in session storage for the same form after
 *   the next sign-in (react-admin then signs out through authProvider.checkError);
 * - 409 from a stale version: handed to `onConflict`, which shows who changed the record;
 * - field errors (400, 409 on a unique value) stay under their inputs, as react-admin does;
 * - anything else: the server's message.
 */
export function useSaveErrorHandler(options: { draftKey: (id: unknown) => string; onConflict?: (message: string) => void }) {
  const notify = useNotify();
  const { draftKey, onConflict } = options;
  return useCallback(
    (error: unknown, variables?: { id?: unknown; data?: unknown }) => {
      const { status, body, message } = (error ?? {}) as Partial<HttpError> & { body?: { message?: string; errors?: Record<string, string> } };
      if (status === 401) {
        // Usually not reached: react-admin signs out on a 401 and resolves the mutation instead
        // (the data provider has kept the draft). Kept for a form that gets the error anyway.
        if (variables?.data && typeof variables.data === 'object') saveDraft(draftKey(variables.id), variables.data as Record<string, unknown>);
        notify('app.session.expired', { type: 'warning', autoHideDuration: 10_000 });
        return;
      }
      if (status === 409 && onConflict && !Object.keys(body?.errors ?? {}).length) {
        onConflict(body?.message ?? message ?? '');
        return;
      }
      if (body?.errors && Object.keys(body.errors).length) return;
      notify(message || 'ra.notification.http_error', { type: 'error' });
    },
    [notify, draftKey, onConflict],
  );
}
