import { ReferenceField, useRecordContext, useTranslate } from 'react-admin';

const REFERENCES: Record<string, string> = { client: 'clients', contract: 'contracts', commission: 'commissions' };

/**
 * What a change is about (a client, a contract or a commission line): a link while the record
 * exists, its label at the time otherwise. Each is shown by its resource's recordRepresentation.
 */
export const AuditRecordField = (_props: { source?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const type = record.recordType ?? 'client';
  const deleted = type === 'client' ? translate('resources.audit-entries.deleted_client') : translate('resources.audit-entries.deleted_record');
  const prefix = type === 'client' ? '' : `${translate(`resources.audit-entries.record_types.${type}`, { _: type })} `;
  return (
    <span>
      {prefix}
      <ReferenceField
        source="recordId"
        reference={REFERENCES[type] ?? 'clients'}
        link="show"
        empty={
          <span>
            {record.recordLabel} ({deleted})
          </span>
        }
      />
    </span>
  );
};
