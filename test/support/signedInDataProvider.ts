import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils } from 'react-admin';

/** The real react-admin REST client, sending the session cookie of a signed-in user (Node's fetch has no cookie jar). */
export function signedInDataProvider(apiUrl: string, cookie: string) {
  return simpleRestProvider(apiUrl, (url: string, options: fetchUtils.Options = {}) => {
    const headers = new Headers(options.headers as HeadersInit);
    headers.set('Cookie', cookie);
    return fetchUtils.fetchJson(url, { ...options, headers });
  });
}
