import { Edit, SimpleForm } from 'react-admin';
import { AdvisorInputs } from './AdvisorInputs';

/** Deleting an advisor keeps their clients, contracts and commissions, without advisor. */
export const AdvisorEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm noValidate sx={{ maxWidth: 480 }}>
      <AdvisorInputs />
    </SimpleForm>
  </Edit>
);
