import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../support/routeTable';
import { startTestApp, type TestApp } from '../support/testApp';
import { DATABASES } from '../support/databases';

/**
 * Input a hostile test sent, on both databases: JSON nested thousands of levels deep on every
 * route, ids spelled so that Number() reads them (`0x10`, `1e3`), an email another user holds,
 * a HEAD on the personal-data export, names made of invisible characters, and TRUNCATE of the
 * append-only tables through the application's own connection.
 */
/** `[[[…]]]` `depth` levels deep (3,300 levels is 6.6 KB). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(DATABASES)('hostile input on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  const probes: Record<string, number> = {};
  const count = (category: string) => (probes[category] = (probes[category] ?? 0) + 1);

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
  });
  afterAll(async () => {
    if (process.env.REPORT_PROBES) console.info(`probes on ${_label}: ${JSON.stringify(probes)}`);
    await app?.close();
  });

  const send = (method: string, path: string, body?: string, cookie = admin) =>
    fetch(app.url + path, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body });

  it('refuses JSON nested past 32 levels with a 400 on every route, signed in or not', async () => {
    const routes = listRoutes(app.expressApp);
    for (const { method, path } of routes) {
      const url = path.replace(':id', '1');
      for (const body of [deepArray(3300), deepObject(3300), deepArray(33)]) {
        if (method === 'GET' || method === 'HEAD') continue;
        const response = await send(method, url, body);
        count('deep JSON body');
        expect(response.status, `${method} ${url}`).toBe(400);
        expect((await response.json()).message, `${method} ${url}`).toMatch(/trop imbriqué/);
      }
      if (method === 'GET') {
        // Brackets travel unescaped in a query string: 3,300 levels fit in a request line.
        for (const param of ['filter', 'sort', 'range']) {
          const response = await send('GET', `${url}?${param}=${deepArray(3300)}`);
          count('deep JSON parameter');
          expect(response.status, `GET ${url}?${param}`).toBeLessThan(500);
          if (response.status === 400) await response.arrayBuffer();
          else await response.arrayBuffer();
        }
        const response = await send('GET', `${url}?filter=${encodeURIComponent(deepObject(1000))}`);
        count('deep JSON parameter');
        expect(response.status, `GET ${url}?filter`).toBeLessThan(500);
        await response.arrayBuffer();
      }
    }
    // The list filter of the clients names the problem; the unauthenticated login too.
    const list = await send('GET', `/api/clients?filter=${deepArray(3300)}`);
    expect(list.status).toBe(400);
    expect((await list.json()).message).toMatch(/trop imbriqué/);
    const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deepObject(3300) });
    expect(login.status).toBe(400);
    expect(await login.json()).toMatchObject({ message: 'Le JSON envoyé est trop imbriqué : au plus 32 niveaux sont acceptés.' });
    const english = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: deepArray(40) });
    expect((await english.json()).message).toBe('The JSON sent is nested too deep: at most 32 levels are accepted.');
    // 32 levels are within the limit: the answer is the route's own verdict, not the depth's.
    const within = await send('POST', '/api/clients', JSON.stringify({ lastName: 'Profond', address: JSON.parse(deepArray(31)) }));
    expect((await within.json()).message).not.toMatch(/imbriqué/);
  });

  it('reads ids as decimal digits only, on every route that takes one', async () => {
    const knex = app.db.knex;
    // Client 16 and commission 1000 exist, so that a lenient reading would find them.
    await knex.raw(`SELECT setval(pg_get_serial_sequence('clients', 'id'), 15)`);
    const [{ id: sixteen }] = await knex('clients').insert({ last_name: 'Seize' }).returning('id');
    expect(sixteen).toBe(16);
    await knex.raw(`SELECT setval(pg_get_serial_sequence('commissions', 'id'), 999)`);
    const [{ id: thousand }] = await knex('commissions').insert({ client_id: 16, date: '2026-10-01', amount: 10 }).returning('id');
    expect(thousand).toBe(1000);

    const spellings = ['0x10', '1e3', '+16', '16.0', ' 16', '16 ', '0b10000', '1_6', '١٦', '16abc', '-16', '0', 'Infinity'];
    const routes = listRoutes(app.expressApp).filter((route) => route.path.includes(':id') && !route.path.startsWith('/api/duplicates/:id'));
    expect(routes.length).toBeGreaterThan(10);
    for (const { method, path } of routes) {
      for (const spelling of spellings) {
        const url = path.replace(':id', encodeURIComponent(spelling));
        const response = await send(method, url, method === 'GET' || method === 'DELETE' || method === 'HEAD' ? undefined : '{}');
        count('lenient id');
        // 405: users are never deleted, whatever the id.
        expect([400, 404, 405], `${method} ${url} → ${response.status}`).toContain(response.status);
        await response.arrayBuffer();
      }
    }
    for (const [path, spelling] of [
      ['/api/clients', '0x10'],
      ['/api/commissions', '1e3'],
    ]) {
      const response = await send('GET', `${path}/${spelling}`);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toBe('Identifiant invalide.');
    }
    const deleted = await send('DELETE', '/api/clients/0x10');
    expect(deleted.status).toBe(400);
    expect(await knex('clients').where({ id: 16 }).first()).toBeDefined();
    // In filters too: a string id must be digits.
    const filtered = await send('GET', `/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: ['0x10'] }))}`);
    expect(filtered.status).toBe(400);
    await filtered.arrayBuffer();
    // Plain digits still work.
    expect((await send('GET', '/api/clients/16')).status).toBe(200);
    expect((await send('GET', `/api/clients?filter=${encodeURIComponent(JSON.stringify({ id: ['16', 16] }))}`)).status).toBe(200);
  });

  it('answers a taken email on update with the 409 create gives, and changes nothing', async () => {
    const created = await send('POST', '/api/users', JSON.stringify({ email: 'claire@test.fr', fullName: 'Claire Dupuis', role: 'support', password: 'password-claire-1' }));
    expect(created.status).toBe(201);
    const { id } = await created.json();
    for (const email of ['support@test.fr', 'SUPPORT@test.fr']) {
      const response = await send('PUT', `/api/users/${id}`, JSON.stringify({ email }));
      count('taken email');
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ message: 'Un utilisateur existe déjà avec cet email.', errors: { email: 'Email déjà utilisé.' } });
    }
    const english = await fetch(`${app.url}/api/users/${id}`, {
      method: 'PUT',
      headers: { cookie: admin, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ email: 'support@test.fr' }),
    });
    expect(await english.json()).toMatchObject({ message: 'A user with this email already exists.' });
    expect((await app.db.knex('users').where({ id }).first()).email).toBe('claire@test.fr');
  });

  it('exports personal data on GET only: a HEAD writes no audit or access-log entry', async () => {
    const knex = app.db.knex;
    const [{ id }] = await knex('clients').insert({ last_name: 'Têtu', client_number: 'HEAD-1' }).returning('id');
    const traces = async () => ({
      audit: Number((await knex('audit_entries').where({ record_type: 'client', record_id: id, action: 'export' }).count({ n: '*' }))[0].n),
      access: Number((await knex('client_access_log').where({ client_id: id, kind: 'export' }).count({ n: '*' }))[0].n),
    });
    for (const format of ['xlsx', 'json']) {
      const head = await fetch(`${app.url}/api/clients/${id}/personal-data?format=${format}`, { method: 'HEAD', headers: { cookie: admin } });
      count('HEAD export');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-disposition')).toContain(`donnees-personnelles-HEAD-1.${format}`);
    }
    expect((await fetch(`${app.url}/api/clients/999999/personal-data`, { method: 'HEAD', headers: { cookie: admin } })).status).toBe(404);
    expect(await traces()).toEqual({ audit: 0, access: 0 });
    const get = await send('GET', `/api/clients/${id}/personal-data?format=json`);
    expect(get.status).toBe(200);
    await get.arrayBuffer();
    expect(await traces()).toEqual({ audit: 1, access: 1 });
  });

  it('strips invisible characters from names and numbers, and refuses a name left empty', async () => {
    for (const lastName of ['\u200b', '\u200b\u200c\u200d\u2060\ufeff', '\u202e', ' \u00ad ', '\u3164']) {
      const response = await send('POST', '/api/clients', JSON.stringify({ lastName }));
      count('invisible name');
      expect(response.status, JSON.stringify(lastName)).toBe(400);
      expect((await response.json()).errors.lastName).toBe('Le nom est obligatoire.');
    }
    const created = await send('POST', '/api/clients', JSON.stringify({ lastName: 'Mar\u202etin', firstName: 'Zo\u200bé', clientNumber: 'INV\u200b-1', address: '1 rue\u2066 Haute\n75001 Paris' }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ lastName: 'Martin', firstName: 'Zoé', clientNumber: 'INV-1', address: '1 rue Haute\n75001 Paris' });
    // The export's file name carries the number: a number stored before this rule still comes out clean.
    const [{ id }] = await app.db.knex('clients').insert({ last_name: 'Ancien', client_number: 'A\u202etxt.exe' }).returning('id');
    const exported = await send('GET', `/api/clients/${id}/personal-data?format=json`);
    expect(exported.headers.get('content-disposition')).not.toMatch(/\u202e|%E2%80%AE/i);
    expect(exported.headers.get('content-disposition')).toContain('donnees-personnelles-Atxt.exe.json');
    await exported.arrayBuffer();
    // Advisors' and users' names follow the same rule.
    for (const [path, body] of [
      ['/api/advisors', { lastName: '\u200b', firstName: 'Claire' }],
      ['/api/users', { email: 'vide@test.fr', fullName: '\u200b\u202e', role: 'support', password: 'password-vide-1' }],
    ] as const) {
      const response = await send('POST', path, JSON.stringify(body));
      count('invisible name');
      expect(response.status, path).toBe(400);
      await response.arrayBuffer();
    }
  });

  it('refuses TRUNCATE of the append-only tables through the application’s connection', async () => {
    const knex = app.db.knex;
    await send('POST', '/api/clients', JSON.stringify({ lastName: 'Tracé' }));
    const before = Number((await knex('audit_entries').count({ n: '*' }))[0].n);
    expect(before).toBeGreaterThan(0);
    for (const statement of ['TRUNCATE audit_entries', 'TRUNCATE client_access_log', 'TRUNCATE users CASCADE', 'TRUNCATE audit_entries, clients CASCADE']) {
      count('TRUNCATE');
      await expect(knex.raw(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(Number((await knex('audit_entries').count({ n: '*' }))[0].n)).toBe(before);
    expect(Number((await knex('users').count({ n: '*' }))[0].n)).toBeGreaterThan(0);
  });
});
