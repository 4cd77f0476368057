import { useCallback } from 'react';
import { useNotify, useRedirect, useResourceContext, type Identifier, type RaRecord } from 'react-admin';
import { clearDraft, formDraftKey } from './formDrafts';
import { useSaveErrorHandler } from './saveErrors';

interface DraftSaveOptions {
  /** Where a successful save leads. */
  redirect: 'show' | 'list';
  /** Arguments of the resource's `notifications.created` / `notifications.updated` message. */
  messageArgs?: (data: RaRecord) => Record<string, unknown>;
  /** Called on a successful save, before its message. */
  onSaved?: (data: RaRecord) => void;
  /** A 409 on a stale version (saveErrors.ts). */
  onConflict?: (message: string) => void;
}

/**
 * The `mutationOptions` of a pessimistic Create or Edit whose input survives an expired session
 * (with <RestoreDraft /> in its form): the success message only for a save the server accepted,
 * then the draft of this form forgotten; the refusals as saveErrors.ts handles them.
 */
export function useDraftSave({ redirect: redirectTo, messageArgs, onSaved, onConflict }: DraftSaveOptions) {
  const resource = useResourceContext() ?? '';
  const notify = useNotify();
  const redirect = useRedirect();
  const draftKey = useCallback((id: unknown) => formDraftKey(resource, id), [resource]);
  const onError = useSaveErrorHandler({ draftKey, onConflict });
  const onSuccess = useCallback(
    (data: RaRecord, variables?: { id?: Identifier; data?: unknown }) => {
      // After a 401 react-admin signs out and resolves the mutation with an empty record:
      // that is no success, and must not say so.
      if (data?.id == null) return;
      // An update's variables name the record; a create's do not (its draft is `resource/create`).
      const created = variables?.id == null;
      clearDraft(draftKey(variables?.id));
      onSaved?.(data);
      notify(`resources.${resource}.notifications.${created ? 'created' : 'updated'}`, { type: 'info', messageArgs: messageArgs?.(data) });
      redirect(redirectTo, resource, data.id, data);
    },
    [draftKey, messageArgs, notify, onSaved, redirect, redirectTo, resource],
  );
  return { onSuccess, onError };
}
