import { Link, useCreatePath, useRecordContext, type FieldProps } from 'react-admin';
import { clientName } from '../../../shared/clientLabel';

/**
 * The client's last name in the list, as a link to the client's page: Tab reaches it and Enter
 * opens the client, as a click on the row does. Named with the whole name for screen readers.
 */
export const ClientNameField = (_props: FieldProps) => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  if (!record) return null;
  return (
    <Link
      to={createPath({ resource: 'clients', id: record.id, type: 'show' })}
      // The row's own click would open the page a second time (two history entries).
      onClick={(event: { stopPropagation(): void }) => event.stopPropagation()}
      aria-label={clientName(record)}
      sx={{ fontWeight: 500 }}
    >
      {record.lastName}
    </Link>
  );
};
