import { useRecordContext, useTranslate } from 'react-admin';

export const ContractTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <span>
      {translate('resources.contracts.name', { smart_count: 1 })} {record.contractNumber}
    </span>
  );
};
