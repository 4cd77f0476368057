import { Alert } from '@mui/material';
import { useEffect, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { useTranslate } from 'react-admin';
import { readDraft } from './formDrafts';

/**
 * Puts back what the user typed before their session expired (formDrafts.ts), once the form
 * holds the record: the restored fields are dirty, so "Enregistrer" is enabled and leaving the
 * page asks for confirmation. The draft stays stored until a save of this form succeeds.
 */
export const RestoreDraft = ({ draftKey }: { draftKey: string }) => {
  const { reset, getValues, formState } = useFormContext();
  const translate = useTranslate();
  const [restored, setRestored] = useState(false);
  const { isReady } = formState;
  useEffect(() => {
    if (!isReady || restored) return;
    const draft = readDraft(draftKey);
    if (!draft) return;
    reset({ ...getValues(), ...draft }, { keepDefaultValues: true });
    setRestored(true);
  }, [isReady, draftKey, restored, reset, getValues]);
  if (!restored) return null;
  return (
    <Alert severity="info" sx={{ width: '100%', maxWidth: 720, mb: 2 }} data-testid="draft-restored">
      {translate('app.session.draft_restored')}
    </Alert>
  );
};
