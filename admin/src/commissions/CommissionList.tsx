import { Box } from '@mui/material';
import { AutocompleteInput, CreateButton, DataTable, DateInput, List, ReferenceField, ReferenceInput, SearchInput, TopToolbar, useListContext, useTranslate } from 'react-admin';
import { ExportListButton } from '../common/ExportListButton';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { InsurerFilterInput } from '../contracts/InsurerFilterInput';
import { CommissionClientField } from './CommissionClientField';
import { commissionExport } from './commissionExport';
import { CommissionSummary } from './CommissionSummary';
import { withAppliedFilters } from '../common/AppliedFilters';
import { ListPagination } from '../common/ListPagination';

/**
 * Commission lines, filtered by period, insurer, advisor and import, with the total of the
 * filtered lines above the list (summed by the database). A line whose client was deleted keeps
 * the client's name and number as they were recorded. The export follows the filters.
 */
export const CommissionList = () => (
  <List filters={commissionFilters} actions={<CommissionListActions />} sort={{ field: 'date', order: 'DESC' }} perPage={25} pagination={<ListPagination />}>
    <FilteredTotal />
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="date" field={LocalDateField} />
      <DataTable.Col source="clientId" field={CommissionClientField} />
      <DataTable.Col source="label" />
      <DataTable.Col source="contractId">
        <ReferenceField source="contractId" reference="contracts" link="show" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="amount" align="right" field={MoneyField} />
    </DataTable>
  </List>
);

/** The total of every line the filters keep, not of the page. */
const FilteredTotal = () => {
  const { filterValues, total } = useListContext();
  return (
    <Box sx={{ px: 2, pt: 1.5 }}>
      <CommissionSummary filter={filterValues} message="resources.commissions.total" testId="commissions-filtered-total" hideWhenEmpty={false} refreshKey={total} />
    </Box>
  );
};

const CommissionListActions = () => (
  <TopToolbar>
    <CreateButton label="resources.commissions.actions.create" />
    <ExportListButton definition={commissionExport} />
  </TopToolbar>
);

const SearchBar = (props: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('resources.commissions.filters.search')} />;
};

const commissionFilters = withAppliedFilters([
  <SearchBar key="q" source="q" alwaysOn />,
  <DateInput key="dateFrom" source="dateFrom" alwaysOn />,
  <DateInput key="dateTo" source="dateTo" alwaysOn />,
  <InsurerFilterInput key="insurer" source="insurer" label="resources.commissions.fields.insurer" alwaysOn />,
  <ReferenceInput key="advisorId" source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100} alwaysOn>
    <AutocompleteInput label="resources.commissions.fields.advisorId" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <ReferenceInput key="importId" source="importId" reference="imports" sort={{ field: 'createdAt', order: 'DESC' }} alwaysOn>
    <AutocompleteInput label="resources.commissions.fields.importId" optionText={(record) => `n° ${record.id} · ${record.fileName}`} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
]);
