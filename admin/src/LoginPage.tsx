import { Alert, Typography } from '@mui/material';
import { useState } from 'react';
import { sessionHasExpired } from './common/sessionExpiry';
import { Login, LoginForm, PasswordInput, TextInput, required, useTranslate } from 'react-admin';

/** react-admin's login page, asking for the email the accounts are created with. */
export const LoginPage = () => {
  const translate = useTranslate();
  // Read once: signing in clears the flag, the message must not vanish while the user types.
  const [expired] = useState(sessionHasExpired);
  return (
    <Login>
      <Typography component="h1" variant="h6" align="center" sx={{ mt: 1 }}>
        {translate('app.login.title')}
      </Typography>
      {expired ? (
        <Alert severity="warning" role="alert" sx={{ mx: 2, mt: 1 }}>
          {translate('app.session.expired_login')}
        </Alert>
      ) : null}
      <LoginForm>
        <TextInput autoFocus source="email" type="email" label="resources.users.fields.email" autoComplete="username" validate={required()} />
        <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={required()} />
      </LoginForm>
    </Login>
  );
};
