import PersonOffIcon from '@mui/icons-material/PersonOff';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useListContext, useNotify, useRefresh, useTranslate, useUnselectAll, type Identifier } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import { AnonymiseDialog } from './AnonymiseDialog';

/**
 * "Anonymiser" for a selection of clients (client list, retention page): one request, all or
 * none (POST /api/clients/anonymise). The message shows once the server agreed; a refusal shows
 * the server's message and leaves the selection as it was.
 */
export const BulkAnonymiseButton = () => {
  const { selectedIds, resource } = useListContext();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'anonymise' });
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource);
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (ids: Identifier[]) => dataProvider.anonymiseClients(ids),
    onSuccess: ({ data }, ids) => {
      setOpen(false);
      notify('resources.clients.anonymise.bulk_success', { type: 'success', messageArgs: { smart_count: Array.isArray(data) ? data.length : ids.length } });
      unselectAll();
      refresh();
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  if (!canAccess) return null;
  return (
    <>
      <Button label="resources.clients.anonymise.action" onClick={() => setOpen(true)} color="error">
        <PersonOffIcon />
      </Button>
      <AnonymiseDialog
        open={open}
        count={selectedIds.length}
        pending={isPending}
        title={translate('resources.clients.anonymise.bulk_title', { smart_count: selectedIds.length })}
        onConfirm={() => mutate(selectedIds)}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
