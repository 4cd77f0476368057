import { Alert } from '@mui/material';
import { EditButton, Labeled, ReferenceField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { CommissionClientField } from './CommissionClientField';
import { CommissionSourceField } from './CommissionSourceField';
import { DeleteCommissionButton } from './DeleteCommissionButton';

export const CommissionShow = () => (
  <Show actions={<CommissionShowActions />}>
    <SimpleShowLayout>
      <ReadOnlyNotice />
      <LocalDateField source="date" />
      <TextField source="label" emptyText="—" />
      <MoneyField source="amount" />
      <Labeled label="resources.commissions.fields.clientId">
        <CommissionClientField source="clientId" />
      </Labeled>
      <ReferenceField source="contractId" reference="contracts" link="show" emptyText="—" />
      <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
      <CommissionSourceField source="source" />
      <ReferenceField source="importId" reference="imports" link="show" emptyText="—">
        <TextField source="fileName" />
      </ReferenceField>
    </SimpleShowLayout>
  </Show>
);

/** Modifier and Supprimer exist only for lines entered by hand, and only for admins. */
const CommissionShowActions = () => {
  const record = useRecordContext();
  return (
    <TopToolbar>
      {record?.source === 'manual' && (
        <>
          <EditButton />
          <DeleteCommissionButton />
        </>
      )}
    </TopToolbar>
  );
};

const ReadOnlyNotice = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (record?.source !== 'import') return null;
  return (
    <Alert severity="info" sx={{ maxWidth: 720 }}>
      {translate('resources.commissions.read_only')}
    </Alert>
  );
};
