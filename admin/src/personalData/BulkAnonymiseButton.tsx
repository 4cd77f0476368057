import { useDataProvider, useListContext, useNotify, useRefresh, useTranslate, useUnselectAll } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import { AnonymiseAction } from './AnonymiseAction';

/**
 * "Anonymiser" for a selection of clients (client list, retention page): one request, all or
 * none (POST /api/clients/anonymise). The message shows once the server agreed; a refusal shows
 * the server's message and leaves the selection as it was.
 */
export const BulkAnonymiseButton = () => {
  const { selectedIds, resource } = useListContext();
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource);
  return (
    <AnonymiseAction
      count={selectedIds.length}
      title={translate('resources.clients.anonymise.bulk_title', { smart_count: selectedIds.length })}
      run={() => dataProvider.anonymiseClients(selectedIds)}
      onDone={({ data }) => {
        notify('resources.clients.anonymise.bulk_success', { type: 'success', messageArgs: { smart_count: Array.isArray(data) ? data.length : selectedIds.length } });
        unselectAll();
        refresh();
      }}
    />
  );
};
