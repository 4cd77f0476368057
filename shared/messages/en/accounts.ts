import type { accounts as french } from '../fr/accounts';

export const accounts: Record<keyof typeof french, string> = {
  'auth.signInRequired': 'Please sign in.',
  'auth.roleForbids': 'Your role does not allow this action.',
  'auth.originRefused': 'Request refused: origin not allowed.',
  'auth.tooManyAttempts': 'Too many sign-in attempts. Try again in a few minutes.',
  'auth.tooManySignIns': 'Too many sign-ins in progress: try again in a few seconds.',
  'auth.insecureSignIn':
    'Sign-in refused: this server sends its session cookie over an encrypted connection only (COOKIE_SECURE=true), and this page was opened over HTTP. Open the address with https://, or ask the administrator to set COOKIE_SECURE.',
  'auth.badCredentials': 'Incorrect email or password.',
  'auth.signedOut': 'Signed out.',

  'user.notFound': 'User no. {id} does not exist.',
  'user.passwordTooShort': 'The password must be at least {min} characters long.',
  'user.roleExpected': 'Role expected: admin or support.',
  'user.lastAdmin': 'At least one active administrator must remain.',
  'user.lastAdminField': 'Last active administrator.',
  'user.emailTaken': 'A user with this email already exists.',
  'user.emailTakenField': 'Email already used.',
  'user.notDeletable': 'A user is never deleted: deactivate the account instead.',

  'settings.invalid': 'Invalid personal-data settings.',
  'settings.idExpected': 'Id expected: personal-data.',
  'settings.objectExpected': 'Send a JSON object { retentionYears, accessLogMonths }.',
  'accessLog.kindExpected': 'Access kind expected: view or export.',
};
