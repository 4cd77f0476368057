/**
 * An expired session must not cost the user their place or their typing: the page
 * it interrupted is kept in session storage (this tab only) until the next sign-in, and the
 * forms keep what was typed under their own key (formDrafts.ts).
 */
const RETURN_KEY = 'conance.returnAfterLogin';
const EXPIRED_KEY = 'conance.sessionExpired';

/** The current hash route (`/clients/5`), remembered when a request was refused for an expired session. */
export function rememberReturnAfterLogin() {
  const path = window.location.hash.replace(/^#/, '') || '/';
  try {
    sessionStorage.setItem(EXPIRED_KEY, '1');
    if (!path.startsWith('/login')) sessionStorage.setItem(RETURN_KEY, path);
  } catch {
    // Storage disabled: the user signs in again on the home page.
  }
}

/** The page to return to after this sign-in, forgotten once read. */
export function takeReturnAfterLogin(): string | undefined {
  try {
    const path = sessionStorage.getItem(RETURN_KEY) ?? undefined;
    sessionStorage.removeItem(RETURN_KEY);
    sessionStorage.removeItem(EXPIRED_KEY);
    return path;
  } catch {
    return undefined;
  }
}

export function forgetReturnAfterLogin() {
  try {
    sessionStorage.removeItem(RETURN_KEY);
    sessionStorage.removeItem(EXPIRED_KEY);
  } catch {
    // nothing kept
  }
}

/** Whether the login page is shown because the session expired (it says so). */
export function sessionHasExpired(): boolean {
  try {
    return sessionStorage.getItem(EXPIRED_KEY) === '1';
  } catch {
    return false;
  }
}
