import { Link, useCreatePath, useRecordContext, type FieldProps } from 'react-admin';

/** The contract number as a link to the contract's page, wherever contracts are listed. */
export const ContractNumberField = (_props: FieldProps) => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  if (!record) return null;
  return (
    <Link to={createPath({ resource: 'contracts', id: record.id, type: 'show' })} onClick={(event: { stopPropagation(): void }) => event.stopPropagation()} sx={{ whiteSpace: 'nowrap' }}>
      {record.contractNumber}
    </Link>
  );
};
