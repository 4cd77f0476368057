import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { startImportWorker, type ImportWorker } from '../../api/imports/statementImportQueue';
import { importLimitsOf } from '../../api/imports/statementImportProcessor';
import { messyStatement } from '../imports/statementFiles';
import { axeViolations } from './support/pageChecks';
import { E2E_USERS, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * axe-core (WCAG 2.0 and 2.1, levels A and AA) over the pages the issue names, in Chromium,
 * against the real app: the login, the clients list, a client's page, the create and edit
 * forms, and the imports pages (list, upload with its preview, an import's report).
 */

let app: E2eApp;
let admin: WatchedPage;
let backend: QueueBackendHandle;
let worker: ImportWorker;
let clientId: number;
let importId: number;

beforeAll(async () => {
  app = await startE2eApp();
  // A finished import with rejected rows, so that its report page shows every part.
  const config = loadConfig({ DATABASE_URL: app.db.url });
  backend = await openQueueBackend(config, { embedded: false, url: app.db.url });
  worker = startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimitsOf(config) });
  const login = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: E2E_USERS.admin.email, password: E2E_USERS.admin.password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await messyStatement())]), 'bordereau-mars.xlsx');
  const upload = await fetch(`${app.url}/api/imports`, { method: 'POST', body: form, headers: { cookie } });
  expect(upload.status).toBe(202);
  importId = (await upload.json()).id;
  for (;;) {
    const { status } = await app.db.knex('statement_imports').where({ id: importId }).first();
    if (status === 'completed' || status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  [{ id: clientId }] = await app.db.knex('clients').whereExists(app.db.knex('contracts').whereRaw('contracts.client_id = clients.id')).orderBy('id').limit(1);

  admin = await app.newPage();
});
afterAll(async () => {
  await worker?.close();
  await backend?.close();
  await app?.close();
});

async function open(hash: string, ready: (page: Page) => Promise<unknown>) {
  const { page } = admin;
  await page.goto(`${app.url}/#${hash}`);
  await ready(page);
  // Let react-admin finish the render the data triggered (loading bars, counts).
  await page.locator('.MuiLinearProgress-root, [role="progressbar"]').first().waitFor({ state: 'detached' }).catch(() => undefined);
  return page;
}

describe('accessibility (axe-core, WCAG 2 A and AA)', { timeout: 120_000 }, () => {
  it('the login page', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/login`);
    await page.getByRole('button', { name: 'Connexion' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, app.url, 'admin');
    await page.locator('table tbody tr').first().waitFor();
  });

  it('the clients list, its row checkboxes named after their client', async () => {
    const page = await open('/clients', (p) => p.locator('table tbody tr').first().waitFor());
    expect(await axeViolations(page)).toEqual([]);
    // Each row's checkbox is named after its client ("Sélectionner Dupont Jean"), not "Sélectionner cette ligne".
    const labels = await page.locator('table tbody tr input[type="checkbox"]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('aria-label')));
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^Sélectionner \S/);
    expect(new Set(labels).size).toBeGreaterThan(1);
    const client = await app.db.knex('clients').whereNotNull('first_name').orderBy('id').first();
    await open(`/clients?filter=${encodeURIComponent(JSON.stringify({ q: `${client.last_name} ${client.first_name}` }))}`, (p) => p.locator('table tbody tr').first().waitFor());
    await page.getByRole('checkbox', { name: `Sélectionner ${client.last_name} ${client.first_name}` }).first().waitFor();
    // With rows selected, the bulk actions appear: checked too.
    await page.locator('table tbody tr input[type="checkbox"]').first().check();
    await page.getByRole('button', { name: /Supprimer/ }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a client's page, every tab", async () => {
    const page = await open(`/clients/${clientId}/show`, (p) => p.getByRole('tab').first().waitFor());
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs.length).toBeGreaterThan(1);
    for (const [index, name] of tabs.entries()) {
      await page.getByRole('tab').nth(index).click();
      await page.locator('.MuiLinearProgress-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
      expect(await axeViolations(page), `tab ${name}`).toEqual([]);
    }
  });

  it('the create and edit forms', async () => {
    let page = await open('/clients/create', (p) => p.locator('input[name="lastName"]').waitFor());
    expect(await axeViolations(page), 'create').toEqual([]);
    page = await open(`/clients/${clientId}`, (p) => p.locator('input[name="lastName"]').waitFor());
    await expect(page.locator('input[name="lastName"]').inputValue()).resolves.not.toBe('');
    expect(await axeViolations(page), 'edit').toEqual([]);
  });

  it('the imports pages: list, upload with its preview, an import report', async () => {
    let page = await open('/imports', (p) => p.locator('table tbody tr').first().waitFor());
    expect(await axeViolations(page), 'list').toEqual([]);

    page = await open('/imports/create', (p) => p.getByTestId('import-file').waitFor({ state: 'attached' }));
    expect(await axeViolations(page), 'upload').toEqual([]);
    await page.getByTestId('import-file').setInputFiles({ name: 'bordereau-avril.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await messyStatement() });
    await page.locator('table tbody tr').first().waitFor();
    expect(await axeViolations(page), 'preview').toEqual([]);

    page = await open(`/imports/${importId}/show`, (p) => p.getByText('bordereau-mars.xlsx').first().waitFor());
    expect(await axeViolations(page), 'report').toEqual([]);
  });
});
