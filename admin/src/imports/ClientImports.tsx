import { DataTable, NumberField, Pagination, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { ImportStatusField } from './ImportStatusField';

/** On a client's page: the imports that created, changed or wrote commissions for this client. */
export const ClientImports = () => {
  const translate = useTranslate();
  return (
    <ReferenceManyField reference="imports" target="clientId" sort={{ field: 'createdAt', order: 'DESC' }} perPage={10} pagination={<Pagination />} empty={<span>{translate('resources.imports.client_empty')}</span>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="createdAt">
          <LocalDateField source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="fileName" field={TextField} />
        <DataTable.Col source="status" field={ImportStatusField} />
        <DataTable.Col source="commissionsCreated" field={NumberField} disableSort />
      </DataTable>
    </ReferenceManyField>
  );
};
