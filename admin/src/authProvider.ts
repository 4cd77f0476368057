import type { AuthProvider } from 'react-admin';
import { HttpError } from 'react-admin';
import { languageHeaders } from './common/languageHeaders';
import { forgetReturnAfterLogin, rememberReturnAfterLogin, takeReturnAfterLogin } from './common/sessionExpiry';

export type Role = 'admin' | 'support';

export interface CurrentUser {
  id: number;
  email: string;
  fullName: string;
  role: Role;
}

/** What support staff may do: read the business data, never the users. */
const READ_ACTIONS = new Set(['list', 'show', 'export']);
const ADMIN_ONLY_RESOURCES = new Set(['users', 'audit-entries', 'access-log', 'retention-expired-clients']);

export function canRoleAccess(role: Role | undefined, action: string, resource: string): boolean {
  if (role === 'admin') return true;
  if (role !== 'support') return false;
  return READ_ACTIONS.has(action) && !ADMIN_ONLY_RESOURCES.has(resource);
}

/**
 * Session cookie authentication against /api/auth. The signed-in user is asked once per
 * page load (GET /api/auth/me) and kept in memory; the cookie itself is httpOnly.
 */
export function createAuthProvider(apiUrl = '/api'): AuthProvider {
  let currentUser: Promise<CurrentUser | null> | undefined;
  // react-admin calls logout() right after checkError refused a 401: that logout must keep the
  // page to return to, a logout the user asked for must not.
  let expiring = false;

  const fetchMe = async (): Promise<CurrentUser | null> => {
    // Never signed in from this browser: no need to ask (and no 401 in the console).
    if (!hasSessionHint()) return null;
    const response = await fetch(`${apiUrl}/auth/me`, { headers: { Accept: 'application/json', ...languageHeaders() } });
    if (response.status === 401) {
      setSessionHint(false);
      return null;
    }
    if (!response.ok) throw new Error(`GET /auth/me: ${response.status}`);
    return response.json();
  };
  const me = () => {
    currentUser ??= fetchMe().catch((error) => {
      currentUser = undefined;
      throw error;
    });
    return currentUser;
  };

  return {
    async login({ username, email, password }: { username?: string; email?: string; password: string }) {
      const response = await fetch(`${apiUrl}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...languageHeaders() },
        body: JSON.stringify({ email: email ?? username, password }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new HttpError(body.message ?? 'ra.auth.sign_in_error', response.status, body);
      setSessionHint(true);
      currentUser = Promise.resolve(body as CurrentUser);
      // Back to the page the expired session interrupted (its form finds what was typed in
      // session storage), rather than the list react-admin would open.
      const returnTo = takeReturnAfterLogin();
      return returnTo ? { redirectTo: returnTo } : undefined;
    },
    async logout(params?: { keepReturnPath?: boolean }) {
      // Signing out on purpose forgets where an expired session was; an expiry keeps it.
      if (!params?.keepReturnPath && !expiring) forgetReturnAfterLogin();
      expiring = false;
      setSessionHint(false);
      currentUser = Promise.resolve(null);
      await fetch(`${apiUrl}/auth/logout`, { method: 'POST', headers: languageHeaders() }).catch(() => undefined);
      currentUser = undefined;
    },
    async checkAuth() {
      if (!(await me())) throw new Error('ra.auth.auth_check_error');
    },
    async checkError(error: { status?: number }) {
      if (error?.status === 401) {
        setSessionHint(false);
        currentUser = undefined;
        rememberReturnAfterLogin();
        expiring = true;
        throw Object.assign(new Error('app.session.expired'), { logoutUser: true });
      }
      if (error?.status === 403) {
        // Stay signed in: the role forbids this one action, react-admin notifies the message.
        throw { logoutUser: false, message: 'app.notification.forbidden' };
      }
    },
    async getIdentity() {
      const user = await me();
      if (!user) throw new Error('ra.auth.auth_check_error');
      return { id: user.id, fullName: user.fullName, email: user.email, role: user.role };
    },
    async getPermissions() {
      return (await me())?.role;
    },
    async canAccess({ action, resource }) {
      const user = await me().catch(() => null);
      const allowed = canRoleAccess(user?.role, action, resource);
      // react-admin's /access-denied page does not say which page was refused: remembered here
      // for its link back to that resource's list.
      if (!allowed) lastRefusedResource = resource;
      return allowed;
    },
  };
}

export const authProvider = createAuthProvider();

let lastRefusedResource: string | undefined;
/** The resource of the last action refused by canAccess (the page "Non autorisé" is about). */
export const refusedResource = () => lastRefusedResource;

/**
 * The session cookie is httpOnly, so the page cannot see it: a flag in localStorage remembers
 * that this browser signed in, so that a first visit goes straight to the login page.
 */
const SESSION_HINT_KEY = 'conance.signedIn';

function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    return true;
  }
}

function setSessionHint(signedIn: boolean) {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT_KEY, '1');
    else localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // Storage disabled: /auth/me is asked every time instead.
  }
}
