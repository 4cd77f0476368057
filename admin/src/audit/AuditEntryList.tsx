import { AutocompleteInput, DataTable, List, ReferenceInput, SelectInput, TextField } from 'react-admin';
import { useListQueryOptionsForAccess } from '../common/useListQueryOptionsForAccess';
import { AuditActionField } from './AuditActionField';
import { AuditChanges } from './AuditChanges';
import { HistoryTimeField } from './HistoryTimeField';
import { AuditRecordField } from './AuditRecordField';
import { withAppliedFilters } from '../common/AppliedFilters';
import { ListPagination } from '../common/ListPagination';

/** Every traced change to clients, contracts and commission lines, newest first (admins only). */
export const AuditEntryList = () => (
  <List queryOptions={useListQueryOptionsForAccess('audit-entries')} filters={auditFilters} sort={{ field: 'id', order: 'DESC' }} perPage={25} pagination={<ListPagination />} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="occurredAt" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <HistoryTimeField source="occurredAt" />
      </DataTable.Col>
      <DataTable.Col source="userLabel" field={TextField} disableSort sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="action" field={AuditActionField} disableSort sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="recordLabel" field={AuditRecordField} disableSort sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="changes" field={AuditChanges} disableSort />
    </DataTable>
  </List>
);

const ACTIONS = ['create', 'update', 'delete', 'merge', 'import', 'anonymise', 'export'].map((id) => ({ id, name: `resources.audit-entries.actions.${id}` }));

const RECORD_TYPES = ['client', 'contract', 'commission'].map((id) => ({ id, name: `resources.audit-entries.record_types.${id}` }));

const auditFilters = withAppliedFilters([
  <SelectInput key="action" source="action" choices={ACTIONS} alwaysOn />,
  <SelectInput key="recordType" source="recordType" choices={RECORD_TYPES} alwaysOn />,
  <ReferenceInput key="clientId" source="clientId" reference="clients" alwaysOn>
    <AutocompleteInput label="resources.audit-entries.record_types.client" />
  </ReferenceInput>,
]);
