import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { Button, useCanAccess, useRecordContext } from 'react-admin';
import { Link } from 'react-router-dom';

/** From a client's page to its entries in the access log (admins only). */
export const ClientAccessLogButton = () => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'access-log', action: 'list' });
  if (!record || !canAccess) return null;
  const filter = encodeURIComponent(JSON.stringify({ clientId: record.id }));
  return (
    <Button component={Link} to={`/access-log?filter=${filter}`} label="resources.clients.personal_data.access_log">
      <ManageSearchIcon />
    </Button>
  );
};
