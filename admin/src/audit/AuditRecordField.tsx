import { ReferenceField, useRecordContext, useTranslate } from 'react-admin';

/** The client a change is about: a link while the client exists, its label at the time otherwise. */
export const AuditRecordField = (_props: { source?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  // Without children, the client is shown by its recordRepresentation (clientName).
  return (
    <ReferenceField
      source="recordId"
      reference="clients"
      link="show"
      empty={
        <span>
          {record.recordLabel} ({translate('resources.audit-entries.deleted_client')})
        </span>
      }
    />
  );
};
