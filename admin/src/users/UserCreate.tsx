import { Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { ROLE_CHOICES } from './roles';

export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm noValidate sx={{ maxWidth: 480 }} defaultValues={{ role: 'support' }}>
      <TextInput source="fullName" validate={required()} />
      <TextInput source="email" type="email" validate={[required(), email('app.validation.email')]} autoComplete="off" />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
      <PasswordInput source="password" validate={[required(), minLength(10, 'app.validation.password')]} helperText="resources.users.password_help" autoComplete="new-password" />
    </SimpleForm>
  </Create>
);
