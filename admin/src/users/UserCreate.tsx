import { Create, minLength, PasswordInput, required, SimpleForm } from 'react-admin';
import { UserIdentityInputs } from './UserIdentityInputs';

export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm noValidate sx={{ maxWidth: 480 }} defaultValues={{ role: 'support' }}>
      <UserIdentityInputs />
      <PasswordInput source="password" validate={[required(), minLength(10, 'app.validation.password')]} helperText="resources.users.password_help" autoComplete="new-password" />
    </SimpleForm>
  </Create>
);
