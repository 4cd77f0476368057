import { BulkDeleteButton } from 'react-admin';
import { SelectionUnlinkSummary } from './ClientUnlinkSummary';

/**
 * "Supprimer la sélection": one confirmation that says how many contracts and commission lines
 * the selection will leave unlinked, then one atomic request (the data provider's deleteMany for clients).
 * Hidden for support staff (BulkDeleteButton asks authProvider.canAccess).
 */
export const BulkDeleteClientsButton = () => (
  <BulkDeleteButton
    label="resources.clients.actions.bulk_delete"
    mutationMode="pessimistic"
    confirmTitle="resources.clients.delete.bulk_title"
    confirmContent={<SelectionUnlinkSummary />}
    confirmColor="warning"
  />
);
