import { Typography } from '@mui/material';
import { Login, LoginForm, PasswordInput, TextInput, required, useTranslate } from 'react-admin';

/** react-admin's login page, asking for the email the accounts are created with. */
export const LoginPage = () => {
  const translate = useTranslate();
  return (
    <Login>
      <Typography component="h1" variant="h6" align="center" sx={{ mt: 1 }}>
        {translate('app.login.title')}
      </Typography>
      <LoginForm>
        <TextInput autoFocus source="email" type="email" label="resources.users.fields.email" autoComplete="username" validate={required()} />
        <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={required()} />
      </LoginForm>
    </Login>
  );
};
