import { email, required, SelectInput, TextInput } from 'react-admin';
import { ROLE_CHOICES } from './roles';

/** Name, email and role: the inputs "Nouvel utilisateur" and "Modifier" share. */
export const UserIdentityInputs = () => (
  <>
    <TextInput source="fullName" validate={required()} />
    <TextInput source="email" type="email" validate={[required(), email('app.validation.email')]} autoComplete="off" />
    <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
  </>
);
