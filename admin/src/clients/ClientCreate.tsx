import { Create, SimpleForm } from 'react-admin';
import { ClientInputs } from './ClientInputs';
import { SimilarClientsWarning } from './SimilarClientsWarning';

/** "Nouveau client". Create is pessimistic: the server's refusals (number taken, bad email) appear under their input. */
export const ClientCreate = () => (
  <Create redirect="show" title="resources.clients.actions.create">
    <SimpleForm noValidate>
      <ClientInputs />
      <SimilarClientsWarning />
    </SimpleForm>
  </Create>
);
