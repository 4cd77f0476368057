import { email, required, TextInput } from 'react-admin';

export const AdvisorInputs = () => (
  <>
    <TextInput source="lastName" validate={required()} />
    <TextInput source="firstName" validate={required()} />
    <TextInput source="email" type="email" validate={email('app.validation.email')} />
  </>
);
