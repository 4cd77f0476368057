import { Create, minLength, PasswordInput, required, SimpleForm } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { UserIdentityInputs } from './UserIdentityInputs';

/** A restored draft lacks the password (never kept in storage): it is typed again. */
export const UserCreate = () => {
  const mutationOptions = useDraftSave({ redirect: 'list' });
  return (
    <Create mutationOptions={mutationOptions}>
      <SimpleForm noValidate sx={{ maxWidth: 480 }} defaultValues={{ role: 'support' }}>
        <RestoreDraft />
        <UserIdentityInputs />
        <PasswordInput source="password" validate={[required(), minLength(10, 'app.validation.password')]} helperText="resources.users.password_help" autoComplete="new-password" />
      </SimpleForm>
    </Create>
  );
};
