import { ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';

export const CommissionShow = () => (
  <Show>
    <SimpleShowLayout>
      <LocalDateField source="date" />
      <TextField source="label" emptyText="—" />
      <MoneyField source="amount" />
      <ReferenceField source="clientId" reference="clients" link="show" emptyText="resources.commissions.no_client" />
      <TextField source="clientName" emptyText="—" />
      <TextField source="clientNumber" emptyText="—" />
      <ReferenceField source="contractId" reference="contracts" link="show" emptyText="—" />
      <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
