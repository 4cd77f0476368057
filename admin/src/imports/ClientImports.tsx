import { DataTable, NumberField, Pagination, ReferenceManyField, TextField, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { ImportStatusField } from './ImportStatusField';

/** On a client's page: the imports that created, changed or wrote commissions for this client. */
export const ClientImports = () => {
  const translate = useTranslate();
  return (
    <ReferenceManyField
      reference="imports"
      target="clientId"
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={10}
      pagination={<Pagination />}
      empty={<span>{translate('resources.imports.client_empty')}</span>}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="createdAt">
          <LocalDateField source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="fileName" field={TextField} />
        <DataTable.Col source="status" field={ImportStatusField} />
        {/* This client's own lines of each import, not the whole file's. */}
        <DataTable.Col source="clientLines" field={NumberField} disableSort />
        <DataTable.Col source="clientAmount" disableSort>
          <MoneyField source="clientAmount" />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
};
