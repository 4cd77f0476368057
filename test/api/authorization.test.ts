import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes, startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';

/**
 * The route-by-route authorisation table. Routes are read from the live Express app, so a
 * route added later is in this table without anyone remembering to list it.
 */
let app: TestApp;
let adminCookie: string;
let supportCookie: string;
let clientId: number;

const PUBLIC = new Set(['GET /api/health', 'GET /api/health/ready', 'GET /api/health/live', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/me']);
// /api/metrics: admins, or the scraper addresses of METRICS_ALLOWED_IPS (none in this test).
// RGPD: the access log, the personal-data settings and the retention list.
// /api/clients/:id/personal-data: the RGPD export, admins only inside the readable /clients area.
const SUPPORT_MAY_NOT_READ = ['/api/users', '/api/metrics', '/api/access-log', '/api/settings', '/api/retention-expired-clients', '/api/clients/:id/personal-data'];

beforeAll(async () => {
  app = await startAppWithImports();
  adminCookie = await app.login('admin');
  supportCookie = await app.login('support');
  [{ id: clientId }] = await app.db.knex('clients').insert({ last_name: 'Témoin' }).returning('id');
});
afterAll(async () => {
  await app?.close();
});

describe('authorisation table', () => {
  it('walks a non-trivial route table', async () => {
    const routes = listRoutes(app.expressApp);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toContainEqual({ method: 'DELETE', path: '/api/clients/:id' });
    expect(routes).toContainEqual({ method: 'POST', path: '/api/imports' });
    // Writes of managed contracts: admins only, support refused like every other write (below).
    for (const route of [
      'PUT /api/clients',
      'POST /api/contracts',
      'PUT /api/contracts/:id',
      'DELETE /api/contracts/:id',
      'POST /api/contracts/:id/terminate',
      'POST /api/commissions',
      'PUT /api/commissions/:id',
      'DELETE /api/commissions/:id',
      // Admins only, reads included (below).
      'GET /api/access-log',
      'GET /api/settings/personal-data',
      'PUT /api/settings/personal-data',
      'GET /api/retention-expired-clients',
    ]) {
      const [method, path] = route.split(' ');
      expect(routes, route).toContainEqual({ method, path });
    }
  });

  it('answers 401 to anonymous, 403 to support where it must, and lets admins through', async () => {
    const routes = listRoutes(app.expressApp);
    const table: string[] = [];
    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      const concrete = path.replace(':id', String(clientId));
      // GET and HEAD carry no body (the personal-data export has a HEAD route of its own).
      const call = (cookie?: string) => app.request(concrete, { method, cookie, body: method === 'GET' || method === 'HEAD' ? undefined : {} });

      if (PUBLIC.has(key)) continue;
      const anonymous = await call();
      expect(anonymous.status, `${key} anonymous`).toBe(401);

      const support = await call(supportCookie);
      const supportAllowed = method === 'GET' && !SUPPORT_MAY_NOT_READ.some((prefix) => path.startsWith(prefix));
      if (supportAllowed) expect([401, 403], `${key} support`).not.toContain(support.status);
      else expect(support.status, `${key} support`).toBe(403);

      const admin = await call(adminCookie);
      expect([401, 403], `${key} admin`).not.toContain(admin.status);
      // Whatever an admin sends, the answer is never a server error.
      expect(admin.status, `${key} admin`).toBeLessThan(500);
      table.push(`${key.padEnd(45)} anonymous 401 | support ${support.status} | admin ${admin.status}`);
    }
    expect(table.length).toBeGreaterThan(20);
  });

  /**
   * Express routes case-insensitively, ignores a trailing slash and decodes escapes: every
   * spelling of a route that reaches a router must meet the same policy (support read
   * the users list through /api/USERS). Each variant either reaches the route and is judged as
   * it, or reaches nothing; none may open what the plain spelling closes.
   */
  it('judges every spelling of every route as the route itself: case, trailing and double slashes, escapes', async () => {
    const spellings = (path: string): string[] => {
      const rest = path.slice('/api'.length);
      const firstLetter = rest.search(/[a-z]/);
      return [
        `/api${rest.toUpperCase()}`,
        `/api${rest.replace(/[a-z]/g, (c, i) => (i % 2 ? c.toUpperCase() : c))}`,
        `/API${rest}`,
        `/api${rest}/`,
        `/api/${rest}`,
        `/api${rest.replace(/\//g, '//')}`,
        `/api${rest.slice(0, firstLetter)}%${rest.charCodeAt(firstLetter).toString(16)}${rest.slice(firstLetter + 1)}`,
      ];
    };
    const routes = listRoutes(app.expressApp);
    let checked = 0;
    for (const { method, path } of routes) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const plain = path.replace(':id', String(clientId));
      const supportMayCall = method === 'GET' && !SUPPORT_MAY_NOT_READ.some((prefix) => path.startsWith(prefix));
      for (const variant of spellings(plain)) {
        const call = (cookie?: string) => app.request(variant, { method, cookie, body: method === 'GET' || method === 'HEAD' ? undefined : {} });
        expect((await call()).status, `${method} ${variant} anonymous`).toBe(401);
        const support = await call(supportCookie);
        if (supportMayCall) expect(support.status, `${method} ${variant} support`).toBeLessThan(500);
        else expect(support.status, `${method} ${variant} support`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    // HEAD is a read that Express answers through the GET route.
    for (const variant of ['/api/users', '/api/USERS', '/api/uSeRs/1', '/api/users/']) {
      expect((await app.request(variant, { method: 'HEAD', cookie: supportCookie })).status, `HEAD ${variant}`).toBe(403);
    }
    // The RGPD pages: personal data about who looked at whom, and whom to erase.
    for (const variant of ['/api/ACCESS-LOG', '/api/access-log/', '/api/%61ccess-log', '/api/Settings/Personal-Data', '/api/settings//personal-data', '/api/RETENTION-expired-clients/']) {
      expect((await app.request(variant, { method: 'HEAD', cookie: supportCookie })).status, `HEAD ${variant}`).toBe(403);
      expect((await app.request(variant, { cookie: supportCookie })).status, `GET ${variant}`).toBe(403);
      expect([401, 403, 500], `GET ${variant} admin`).not.toContain((await app.request(variant, { cookie: adminCookie })).status);
    }
  });
});
