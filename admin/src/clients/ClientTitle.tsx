import { useRecordContext, useTranslate } from 'react-admin';
import { clientName } from './clientName';

export const ClientTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <span>
      {translate('resources.clients.name', { smart_count: 1 })} {clientName(record)}
    </span>
  );
};
