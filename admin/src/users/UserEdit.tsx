import { BooleanInput, Edit, minLength, PasswordInput, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { UserIdentityInputs } from './UserIdentityInputs';

/** Change the role, deactivate, or set a new password (empty = unchanged). No delete: the API refuses it. */
export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={withoutEmptyPassword}>
    <SimpleForm noValidate sx={{ maxWidth: 480 }} toolbar={<SaveOnlyToolbar />}>
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

const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

function withoutEmptyPassword(data: Record<string, unknown>) {
  const { password, id: _id, lastLoginAt: _l, createdAt: _c, ...rest } = data;
  return password ? { ...rest, password } : rest;
}
