import { Box } from '@mui/material';
import { AutocompleteInput, DateInput, maxLength, ReferenceInput, required, TextInput } from 'react-admin';
import { DecimalInput } from '../common/DecimalInput';

/** A commission line entered by hand: its contract (client and advisor follow), date, amount and label. */
export const CommissionInputs = () => (
  <Box sx={{ width: '100%', maxWidth: 720 }}>
    <ReferenceInput source="contractId" reference="contracts">
      <AutocompleteInput label="resources.commissions.fields.contractId" validate={required()} helperText="resources.commissions.helper.contractId" />
    </ReferenceInput>
    <Box sx={{ display: 'flex', flexDirection: { xs: 'column', sm: 'row' }, columnGap: 2, '& > *': { flex: 1 } }}>
      <DateInput source="date" validate={required()} />
      <DecimalInput source="amount" validate={required()} helperText="resources.commissions.helper.amount" />
    </Box>
    <TextInput source="label" validate={maxLength(500)} autoComplete="off" />
  </Box>
);

/** What the API takes from the form: the client and advisor follow from the contract. */
export const commissionPayload = ({ contractId, date, amount, label }: Record<string, unknown>) => ({ contractId, date, amount, label });
