import { Edit, SaveButton, SimpleForm, Toolbar, useRecordContext } from 'react-admin';
import { formatPhone } from '../common/phone';
import { ClientInputs } from './ClientInputs';
import { ClientTitle } from './ClientTitle';
import { DeleteClientButton } from './DeleteClientButton';

/** "Modifier". Pessimistic so that the server's refusals appear under their input, like on creation. */
export const ClientEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" title={<ClientTitle />}>
    <ClientForm />
  </Edit>
);

/** The stored E.164 phone is shown the way it is dialled; the API normalises it back. */
const ClientForm = () => {
  const record = useRecordContext();
  return (
    <SimpleForm noValidate record={record ? { ...record, phone: formatPhone(record.phone) || null } : undefined} toolbar={<ClientEditToolbar />}>
      <ClientInputs />
    </SimpleForm>
  );
};

const ClientEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteClientButton />
  </Toolbar>
);
