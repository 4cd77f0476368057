import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { accessPolicy, actorOf, adminOnly, canonicalPath, isAllowed } from '../../api/auth/accessPolicy';
import { HttpError } from '../../api/http/httpError';
import type { SessionUser } from '../../shared/entities/user';

/**
 * The access policy's rules, one request at a time (the authorisation table test in
 * test/api/authorization.test.ts walks every real route over HTTP).
 */
const ADMIN: SessionUser = { id: 1, email: 'admin@test.fr', fullName: 'Anne Admin', role: 'admin' } as SessionUser;
const SUPPORT: SessionUser = { id: 2, email: 'support@test.fr', fullName: 'Serge Support', role: 'support' } as SessionUser;

/** What the policy answers: 'next' when it lets the request through, else the HTTP status it throws. */
function verdict(handler: ReturnType<typeof accessPolicy>, method: string, path: string, user?: SessionUser) {
  const req = { method, path, session: user ? { user } : {} } as unknown as Request;
  let passed = false;
  try {
    handler(req, {} as Response, () => {
      passed = true;
    });
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return { status: (error as HttpError).status, message: (error as HttpError).message, user: req.user };
  }
  expect(passed).toBe(true);
  return { status: 'next' as const, user: req.user };
}

describe('isAllowed', () => {
  it('lets admins do everything', () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(isAllowed('admin', method, '/clients')).toBe(true);
      expect(isAllowed('admin', method, '/users/3')).toBe(true);
    }
  });

  it('lets support staff read, and only read', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(isAllowed('support', method, '/clients'), method).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) {
      expect(isAllowed('support', method, '/clients'), method).toBe(false);
      expect(isAllowed('support', method, '/audit-entries'), method).toBe(false);
    }
  });

  it('keeps the users area for admins, however the path is spelt', () => {
    for (const path of ['/users', '/users/', '/users/2', '/USERS', '/uSeRs/2', '//users', '/%75sers', '/users//2']) {
      expect(isAllowed('support', 'GET', path), path).toBe(false);
    }
    // Only that area: a longer name is not the users area.
    expect(isAllowed('support', 'GET', '/users-stats')).toBe(true);
    expect(isAllowed('support', 'GET', '/clients/users')).toBe(true);
  });
});

describe('canonicalPath', () => {
  it('reads a path as the router matches it', () => {
    expect(canonicalPath('/Clients/12/')).toBe('/clients/12');
    expect(canonicalPath('//users///2//')).toBe('/users/2');
    expect(canonicalPath('/%55sers')).toBe('/users');
    expect(canonicalPath('/')).toBe('/');
    expect(canonicalPath('///')).toBe('/');
    expect(canonicalPath('')).toBe('/');
    expect(canonicalPath('/a%zz')).toBe('/a%zz');
  });
});

describe('accessPolicy middleware', () => {
  const policy = accessPolicy();

  it('lets anyone reach the public routes, signed in or not', () => {
    for (const route of ['GET /health', 'POST /auth/login', 'POST /auth/logout', 'GET /auth/me', 'GET /Health/', 'POST /AUTH/login']) {
      const [method, path] = route.split(' ');
      expect(verdict(policy, method, path).status, route).toBe('next');
    }
  });

  it('asks for a session everywhere else', () => {
    for (const route of ['GET /clients', 'POST /auth/me', 'GET /auth/login', 'DELETE /health', 'GET /users']) {
      const [method, path] = route.split(' ');
      expect(verdict(policy, method, path), route).toMatchObject({ status: 401, message: 'Veuillez vous connecter.' });
    }
  });

  it('answers 401, not a crash, to a request that has no session at all', () => {
    const req = { method: 'GET', path: '/clients' } as unknown as Request;
    expect(() => policy(req, {} as Response, () => undefined)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('puts the session user on the request and applies the role', () => {
    expect(verdict(policy, 'GET', '/clients', SUPPORT)).toEqual({ status: 'next', user: SUPPORT });
    expect(verdict(policy, 'PUT', '/clients/1', SUPPORT)).toMatchObject({ status: 403, message: 'Votre rôle ne permet pas cette action.' });
    expect(verdict(policy, 'GET', '/Users/', SUPPORT).status).toBe(403);
    expect(verdict(policy, 'DELETE', '/users/2', ADMIN)).toEqual({ status: 'next', user: ADMIN });
  });
});

describe('adminOnly and actorOf', () => {
  const guard = adminOnly();
  const run = (user?: SessionUser) => {
    let passed = false;
    try {
      guard({ user } as Request, {} as Response, () => {
        passed = true;
      });
    } catch (error) {
      return (error as HttpError).status;
    }
    return passed ? 'next' : 'stopped';
  };

  it('lets admins only through', () => {
    expect(run(ADMIN)).toBe('next');
    expect(run(SUPPORT)).toBe(403);
    expect(run(undefined)).toBe(401);
    expect(() => guard({ user: SUPPORT } as Request, {} as Response, () => undefined)).toThrow('Votre rôle ne permet pas cette action.');
    expect(() => guard({} as Request, {} as Response, () => undefined)).toThrow('Veuillez vous connecter.');
  });

  it('names the person a change is traced to', () => {
    expect(actorOf({ user: ADMIN } as Request)).toEqual({ userId: 1, label: 'Anne Admin <admin@test.fr>' });
    expect(() => actorOf({} as Request)).toThrow(HttpError);
    expect(() => actorOf({} as Request)).toThrow('Veuillez vous connecter.');
  });
});
