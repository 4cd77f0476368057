import { useRecordContext, useTranslate } from 'react-admin';
import { clientName } from '../../../shared/clientLabel';

export const ClientTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  // "Client anonymisé n° 12" already says what it is: not "Client Client anonymisé n° 12".
  if (record.anonymisedAt) return <span>{clientName(record)}</span>;
  return (
    <span>
      {translate('resources.clients.name', { smart_count: 1 })} {clientName(record)}
    </span>
  );
};
