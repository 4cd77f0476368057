import { Alert } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { formDraftKey, readDraft } from './formDrafts';

/**
 * Puts back what the user typed before their session expired (formDrafts.ts), once the form
 * holds the record: the restored fields are dirty, so "Enregistrer" is enabled. Goes first in a
 * Create or Edit form whose save uses useDraftSave, which forgets the draft once a save succeeds.
 */
export const RestoreDraft = () => {
  const resource = useResourceContext() ?? '';
  const record = useRecordContext();
  const draftKey = formDraftKey(resource, record?.id);
  // Another record in the same form (an Edit reused for the next id) reads its own draft.
  return <DraftAlert key={draftKey} draftKey={draftKey} />;
};

const DraftAlert = ({ draftKey }: { draftKey: string }) => {
  const { reset, getValues, formState } = useFormContext();
  const translate = useTranslate();
  const [draft] = useState(() => readDraft(draftKey));
  const restored = useRef(false);
  const { isReady } = formState;
  // The form is the external system here: the draft goes into it once it holds the record.
  useEffect(() => {
    if (!isReady || !draft || restored.current) return;
    restored.current = true;
    reset({ ...getValues(), ...draft }, { keepDefaultValues: true });
  }, [isReady, draft, reset, getValues]);
  if (!isReady || !draft) return null;
  return (
    <Alert severity="info" sx={{ width: '100%', maxWidth: 720, mb: 2 }} data-testid="draft-restored">
      {translate('app.session.draft_restored')}
    </Alert>
  );
};
