import PersonOffIcon from '@mui/icons-material/PersonOff';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { clientName } from '../clients/clientName';
import type { AppDataProvider } from '../dataProvider';
import { AnonymiseDialog } from './AnonymiseDialog';

/**
 * "Anonymiser" on a client's page (admins only, hidden once the client is anonymised).
 * Pessimistic: the message shows once the server answered, then the page reloads the record.
 */
export const AnonymiseClientButton = () => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'anonymise' });
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (id: string | number) => dataProvider.anonymiseClient(id),
    onSuccess: () => {
      setOpen(false);
      notify('resources.clients.anonymise.success', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  if (!record || !canAccess || record.anonymisedAt) return null;
  return (
    <>
      <Button label="resources.clients.anonymise.action" onClick={() => setOpen(true)} color="error">
        <PersonOffIcon />
      </Button>
      <AnonymiseDialog
        open={open}
        count={1}
        // The API's neutral label (clients/anonymise): shown before the click, so the user knows what the page will say.
        label={`Client anonymisé n°\u00a0${record.id}`}
        pending={isPending}
        title={translate('resources.clients.anonymise.title', { name: clientName(record) })}
        onConfirm={() => mutate(record.id)}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
