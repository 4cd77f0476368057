import { describe, expect, it } from 'vitest';
import { originCheck } from '../../api/auth/originCheck';
import { HttpError } from '../../api/http/httpError';

/**
 * The CSRF check on its own: an unsafe request is refused when its Origin, or failing that its
 * Referer, names any other origin than the API's own or one of ALLOWED_ORIGINS. Some browsers and
 * proxies strip Origin and keep Referer: the Referer alone must be judged just as strictly,
 * origin against origin (scheme, host and port), never by a prefix of the text.
 */
const OWN = 'http://127.0.0.1:3000';
const ALLOWED = ['https://admin.exemple.fr'];

function verdict(method: string, headers: Record<string, string>, options: { protocol?: string; host?: string; allowed?: string[] } = {}) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const req = { method, protocol: options.protocol ?? 'http', get: (name: string) => (name.toLowerCase() === 'host' ? (options.host ?? '127.0.0.1:3000') : lower[name.toLowerCase()]) };
  let passed: unknown = 'not called';
  originCheck(options.allowed ?? ALLOWED)(req as never, {} as never, (error?: unknown) => {
    passed = error;
  });
  if (passed === 'not called') throw new Error('next() was never called');
  if (passed === undefined) return 'allowed';
  expect(passed).toBeInstanceOf(HttpError);
  expect(passed).toMatchObject({ status: 403, message: 'Requête refusée : origine non autorisée.' });
  return 'refused';
}

const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe('a request that carries only a Referer', () => {
  it.each(UNSAFE)('%s from a page of the API’s own origin is allowed', (method) => {
    for (const referer of [`${OWN}/`, `${OWN}/#/clients/12`, `${OWN}/admin/index.html?x=1`, 'HTTP://127.0.0.1:3000/clients']) {
      expect(verdict(method, { referer }), referer).toBe('allowed');
    }
  });

  it.each(UNSAFE)('%s from a page of an allowed origin is allowed', (method) => {
    expect(verdict(method, { referer: 'https://admin.exemple.fr/#/clients' })).toBe('allowed');
    expect(verdict(method, { referer: 'https://admin.exemple.fr' })).toBe('allowed');
  });

  it.each(UNSAFE)('%s from any other origin is refused, however alike its text', (method) => {
    for (const referer of [
      'https://evil.example/',
      'http://127.0.0.1:3000.evil.example/',
      'http://evil.example/http://127.0.0.1:3000/',
      'http://evil.example/?from=http://127.0.0.1:3000',
      // Another scheme or port of the same host is another origin.
      'https://127.0.0.1:3000/',
      'http://127.0.0.1:3001/',
      'http://127.0.0.1:30001/',
      'http://127.0.0.1:3000@evil.example/',
      'http://127.0.0.1/',
      'http://localhost:3000/',
      'https://admin.exemple.fr.evil.example/',
      'http://admin.exemple.fr/',
      'https://admin.exemple.fr:8443/',
    ]) {
      expect(verdict(method, { referer }), referer).toBe('refused');
    }
  });

  it.each(UNSAFE)('%s with a Referer that is not a web address is refused', (method) => {
    for (const referer of ['not a url', 'about:blank', 'data:text/html,hi', 'file:///etc/passwd', '/clients', '127.0.0.1:3000']) {
      expect(verdict(method, { referer }), referer).toBe('refused');
    }
  });

  it('is never judged on a read: GET, HEAD and OPTIONS pass whatever they carry', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(verdict(method, { referer: 'https://evil.example/' })).toBe('allowed');
      expect(verdict(method, { origin: 'https://evil.example' })).toBe('allowed');
    }
  });

  it('follows the scheme the API is reached with behind its proxy', () => {
    expect(verdict('POST', { referer: 'https://crm.exemple.fr/clients' }, { protocol: 'https', host: 'crm.exemple.fr' })).toBe('allowed');
    expect(verdict('POST', { referer: 'http://crm.exemple.fr/clients' }, { protocol: 'https', host: 'crm.exemple.fr' })).toBe('refused');
  });
});

describe('a request that carries an Origin', () => {
  it('is judged on its Origin, which a forged page cannot choose, whatever its Referer says', () => {
    expect(verdict('POST', { origin: OWN })).toBe('allowed');
    expect(verdict('POST', { origin: 'https://admin.exemple.fr' })).toBe('allowed');
    expect(verdict('POST', { origin: 'https://evil.example', referer: `${OWN}/` })).toBe('refused');
    expect(verdict('DELETE', { origin: 'null' })).toBe('refused');
    expect(verdict('PUT', { origin: 'http://127.0.0.1:3000.evil.example' })).toBe('refused');
  });

  it('lets a client that is not a browser (neither header) through: a forged page cannot drive it', () => {
    expect(verdict('POST', {})).toBe('allowed');
  });

  it('allows only the origins listed, none when the list is empty', () => {
    expect(verdict('POST', { referer: 'https://admin.exemple.fr/' }, { allowed: [] })).toBe('refused');
    expect(verdict('POST', { origin: 'https://admin.exemple.fr' }, { allowed: [] })).toBe('refused');
    expect(verdict('POST', { referer: `${OWN}/` }, { allowed: [] })).toBe('allowed');
  });
});
