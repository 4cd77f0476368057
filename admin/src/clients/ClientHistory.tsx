import { DataTable, Pagination, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { AuditActionField } from '../audit/AuditActionField';
import { AuditChanges } from '../audit/AuditChanges';
import { HistoryTimeField } from '../audit/HistoryTimeField';

/** "Historique": who changed what and when, before → after, newest first. */
export const ClientHistory = () => {
  const translate = useTranslate();
  return (
    <ReferenceManyField
      reference="audit-entries"
      target="clientId"
      sort={{ field: 'id', order: 'DESC' }}
      perPage={20}
      pagination={<Pagination rowsPerPageOptions={[20, 50]} />}
      empty={<span>{translate('resources.clients.history.empty')}</span>}
    >
      <DataTable bulkActionButtons={false} rowClick={false} data-testid="client-history">
        <DataTable.Col source="occurredAt" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
          <HistoryTimeField source="occurredAt" />
        </DataTable.Col>
        <DataTable.Col source="userLabel" field={TextField} disableSort sx={{ verticalAlign: 'top' }} />
        <DataTable.Col source="action" field={AuditActionField} disableSort sx={{ verticalAlign: 'top' }} />
        <DataTable.Col source="changes" field={AuditChanges} disableSort />
      </DataTable>
    </ReferenceManyField>
  );
};
