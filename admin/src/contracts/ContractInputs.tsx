import { Box } from '@mui/material';
import { AutocompleteInput, DateInput, maxLength, ReferenceInput, required, SelectInput, TextInput } from 'react-admin';
import { CONTRACT_STATUS_CHOICES } from './contractChoices';

/** The contract form's inputs, shared by "Nouveau contrat" and "Modifier". The API checks the same rules and has the last word. */
export const ContractInputs = () => (
  <Box sx={{ width: '100%', maxWidth: 720 }}>
    <Box sx={rowSx}>
      <TextInput source="contractNumber" validate={[required(), maxLength(100)]} autoComplete="off" helperText="resources.contracts.helper.contractNumber" />
      <SelectInput source="status" choices={CONTRACT_STATUS_CHOICES} validate={required()} helperText="resources.contracts.helper.status" />
    </Box>
    <Box sx={rowSx}>
      <ReferenceInput source="clientId" reference="clients">
        <AutocompleteInput label="resources.contracts.fields.clientId" />
      </ReferenceInput>
      <ReferenceInput source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100}>
        <AutocompleteInput label="resources.contracts.fields.advisorId" />
      </ReferenceInput>
    </Box>
    <Box sx={rowSx}>
      <TextInput source="product" validate={maxLength(200)} autoComplete="off" />
      <TextInput source="insurer" validate={maxLength(200)} autoComplete="off" />
    </Box>
    <Box sx={rowSx}>
      <DateInput source="startDate" />
      <DateInput source="endDate" />
    </Box>
  </Box>
);

const rowSx = { display: 'flex', flexDirection: { xs: 'column', sm: 'row' }, columnGap: 2, '& > *': { flex: 1 } } as const;

/** Same rule as the API: an end date before the start date is refused, under the end date. */
export function validateContractDates(values: Record<string, unknown>) {
  const { startDate, endDate } = values as { startDate?: string | null; endDate?: string | null };
  return startDate && endDate && endDate < startDate ? { endDate: 'La date de fin ne peut précéder la date d’effet.' } : {};
}

/** The contract's number in its "créé" / "modifié" messages. */
export const contractMessageArgs = (data: Record<string, unknown>) => ({ number: data.contractNumber });
