import { useRecordContext } from 'react-admin';
import { CommissionSummary } from '../commissions/CommissionSummary';

/** Count and total of the client's commissions, summed by the API over all pages. */
export const CommissionTotal = () => {
  const record = useRecordContext();
  if (record?.id == null) return null;
  return <CommissionSummary filter={{ clientId: record.id }} message="resources.clients.commissions.total" />;
};
