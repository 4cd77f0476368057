import { Box } from '@mui/material';
import { AutocompleteInput, email, maxLength, ReferenceInput, required, TextInput, type Validator } from 'react-admin';
import { isValidPhone } from '../common/phone';

/** The client form's inputs, shared by "Nouveau client" and "Modifier". The API checks the same rules and has the last word. */
export const ClientInputs = () => (
  <Box sx={{ width: '100%', maxWidth: 720 }}>
    <Box sx={rowSx}>
      <TextInput source="lastName" validate={[required(), maxLength(200)]} autoComplete="off" />
      <TextInput source="firstName" validate={maxLength(200)} autoComplete="off" />
    </Box>
    <Box sx={rowSx}>
      <TextInput source="clientNumber" validate={maxLength(100)} autoComplete="off" helperText="resources.clients.helper.clientNumber" />
      <ReferenceInput source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100}>
        <AutocompleteInput label="resources.clients.fields.advisorId" />
      </ReferenceInput>
    </Box>
    <Box sx={rowSx}>
      <TextInput source="email" type="email" validate={[email('app.validation.email'), maxLength(320)]} autoComplete="off" />
      <TextInput source="phone" type="tel" validate={phone} autoComplete="off" />
    </Box>
    <TextInput source="address" multiline minRows={3} validate={maxLength(1000)} />
  </Box>
);

const rowSx = { display: 'flex', flexDirection: { xs: 'column', sm: 'row' }, columnGap: 2, '& > *': { flex: 1 } } as const;

const phone: Validator = (value) => (value && String(value).trim() && !isValidPhone(String(value)) ? 'app.validation.phone' : undefined);
