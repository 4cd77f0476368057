import { BooleanInput, Edit, minLength, PasswordInput, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { RestoreDraft } from '../common/RestoreDraft';
import { useDraftSave } from '../common/useDraftSave';
import { UserIdentityInputs } from './UserIdentityInputs';

/** Change the role, deactivate, or set a new password (empty = unchanged). No delete: the API refuses it. */
export const UserEdit = () => {
  const mutationOptions = useDraftSave({ redirect: 'list' });
  return (
    <Edit mutationMode="pessimistic" transform={withoutEmptyPassword} mutationOptions={mutationOptions}>
      <SimpleForm noValidate sx={{ maxWidth: 480 }} toolbar={<SaveOnlyToolbar />}>
        <RestoreDraft />
        <UserIdentityInputs />
        <BooleanInput source="active" helperText="resources.users.active_help" />
        <PasswordInput
          source="password"
          label="resources.users.fields.newPassword"
          validate={minLength(10, 'app.validation.password')}
          helperText="resources.users.new_password_help"
          autoComplete="new-password"
        />
      </SimpleForm>
    </Edit>
  );
};

const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

function withoutEmptyPassword(data: Record<string, unknown>) {
  const { password, id: _id, lastLoginAt: _l, createdAt: _c, ...rest } = data;
  return password ? { ...rest, password } : rest;
}
