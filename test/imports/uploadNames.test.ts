import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startAppWithImports } from '../support/routeTable';
import type { TestApp } from '../support/testApp';
import { messyStatement } from './statementFiles';

/**
 * File names as an upload sends them: a NUL in the part header was refused as "le formulaire
 * doit être en multipart/form-data", which names the wrong problem; a U+202E (right-to-left
 * override) turned "…‮txt.exe.xlsx" around on screen. The refusal now names the problem, and
 * invisible characters are taken out of the name that is stored and shown.
 */
describe.each(DATABASES)('uploaded file names on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startAppWithImports({ embedded });
    admin = await app.login('admin');
  });
  afterAll(() => app?.close());

  /** A multipart body written by hand: fetch's FormData would escape what a hostile client sends raw. */
  const rawUpload = (path: string, fileName: string, content: Buffer, headers: Record<string, string> = {}) => {
    const head = Buffer.from(`--X\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8');
    return fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'multipart/form-data; boundary=X', ...headers },
      body: Buffer.concat([head, content, Buffer.from('\r\n--X--\r\n')]),
    });
  };

  it('refuses a NUL in the file name, saying so, in French and in English', async () => {
    const file = await messyStatement();
    for (const path of ['/api/imports/preview', '/api/imports']) {
      const response = await rawUpload(path, 'bordereau\u0000.xlsx', file);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({
        message: 'Envoi invalide : le nom du fichier ou d’un champ contient un caractère interdit (caractère nul ou de contrôle). Renommez le fichier et envoyez-le à nouveau.',
        errors: { file: 'Nom de fichier invalide' },
      });
    }
    const english = await rawUpload('/api/imports/preview', 'a\u0000.xlsx', file, { 'accept-language': 'en' });
    expect((await english.json()).message).toMatch(/^Invalid upload: the file name or a field name holds a forbidden character/);
    const cut = await fetch(`${app.url}/api/imports/preview`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'multipart/form-data; boundary=X' },
      body: '--X\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nabc',
    });
    expect((await cut.json()).message).toBe('Envoi incomplet : le formulaire s’est terminé avant la fin du fichier. Envoyez-le à nouveau.');
    expect(Number((await app.db.knex('statement_imports').count({ n: '*' }))[0].n)).toBe(0);
  });

  it('stores and shows a file name without its invisible characters, and refuses one made of them only', async () => {
    const file = await messyStatement();
    const turned = await rawUpload('/api/imports', 'relevé\u202Etxt.exe.xlsx', file);
    expect(turned.status).toBe(202);
    expect((await turned.json()).fileName).toBe('relevétxt.exe.xlsx');
    const empty = await rawUpload('/api/imports/preview', '\u200b\u202e\u2066', file);
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toBe('Le nom du fichier est vide une fois retirés ses caractères invisibles : renommez le fichier.');
  });
});
