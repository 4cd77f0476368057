import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import { CreateButton, DataTable, List, NumberField, TextField, TopToolbar } from 'react-admin';
import { ListPagination } from '../common/ListPagination';
import { ListEmptyState } from '../common/ListEmptyState';
import { LocalDateField } from '../common/LocalDateField';
import { ImportStatusField } from './ImportStatusField';
import { ImportWorkersAlert } from './ImportWorkersAlert';
import { withAppliedFilters } from '../common/AppliedFilters';

/** Past and running imports, newest first. */
export const ImportList = () => (
  <>
    <ImportWorkersAlert />
    <List
      sort={{ field: 'createdAt', order: 'DESC' }}
      filters={withAppliedFilters([])}
      perPage={25}
      actions={
        <TopToolbar>
          <CreateButton label="resources.imports.actions.create" />
        </TopToolbar>
      }
      empty={<ImportListEmpty />}
      pagination={<ListPagination />}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" />
        <DataTable.Col source="fileName" field={TextField} />
        <DataTable.Col source="status" field={ImportStatusField} />
        <DataTable.Col source="processedRows" field={NumberField} disableSort />
        <DataTable.Col source="clientsCreated" field={NumberField} disableSort />
        <DataTable.Col source="commissionsCreated" field={NumberField} disableSort />
        <DataTable.Col source="rowsRejected" field={NumberField} disableSort />
        <DataTable.Col source="createdAt">
          <LocalDateField source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="createdByLabel" field={TextField} disableSort />
      </DataTable>
    </List>
  </>
);

/** No import yet: says what an import does; the button shows for those who may import. */
const ImportListEmpty = () => <ListEmptyState icon={UploadFileIcon} title="resources.imports.empty.title" invite="resources.imports.empty.invite" createLabel="resources.imports.actions.create" />;
