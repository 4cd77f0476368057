import { BulkDeleteButton } from 'react-admin';

/**
 * "Supprimer la sélection": one confirmation that says what happens to contracts and
 * commissions, then one atomic request (the data provider's deleteMany for clients).
 * Hidden for support staff (BulkDeleteButton asks authProvider.canAccess).
 */
export const BulkDeleteClientsButton = () => (
  <BulkDeleteButton
    label="resources.clients.actions.bulk_delete"
    mutationMode="pessimistic"
    confirmTitle="resources.clients.delete.bulk_title"
    confirmContent="resources.clients.delete.bulk_content"
    confirmColor="warning"
  />
);
