import { Create, SimpleForm } from 'react-admin';
import { AdvisorInputs } from './AdvisorInputs';

export const AdvisorCreate = () => (
  <Create redirect="show">
    <SimpleForm noValidate sx={{ maxWidth: 480 }}>
      <AdvisorInputs />
    </SimpleForm>
  </Create>
);
