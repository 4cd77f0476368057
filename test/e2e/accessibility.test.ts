import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { startImportWorker, type ImportWorker } from '../../api/imports/statementImportQueue';
import { importLimitsOf } from '../../api/imports/statementImportProcessor';
import { messyStatement } from '../imports/statementFiles';
import { axeViolations, transitionsDone } from './support/pageChecks';
import { E2E_USERS, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * axe-core (WCAG 2.0 and 2.1, levels A and AA) and one `<h1>` per page, in Chromium, against the
 * real app: the login, the empty history, the clients list (also with 1,500 clients) and the
 * keyboard path from it to a client, a client's page, the create and edit forms with the
 * duplicate warning, a contract's "Résilier" and its dialog, a line entered by hand, the
 * duplicates, "Non autorisé", and the imports pages (list, upload with its preview, a report).
 */

let app: E2eApp;
let admin: WatchedPage;
let backend: QueueBackendHandle;
let worker: ImportWorker;
let clientId: number;
let importId: number | undefined;

beforeAll(async () => {
  app = await startE2eApp();
  const config = loadConfig({ DATABASE_URL: app.db.url });
  backend = await openQueueBackend(config, { embedded: false, url: app.db.url });
  worker = startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimitsOf(config) });
  [{ id: clientId }] = await app.db.knex('clients').whereExists(app.db.knex('contracts').whereRaw('contracts.client_id = clients.id')).orderBy('id').limit(1);

  admin = await app.newPage();
});
/** A finished import with rejected rows, so that its report page shows every part. Run when first needed: it writes history. */
async function finishedImport(): Promise<number> {
  if (importId) return importId;
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
  const id: number = (await upload.json()).id;
  for (;;) {
    const { status } = await app.db.knex('statement_imports').where({ id }).first();
    if (status === 'completed' || status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  importId = id;
  return id;
}

/** A JSON call to the API with the admin's session (the page's cookie, the app's origin). */
async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  return admin.page.evaluate(
    async ([url, method, body]) => {
      const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return response.json();
    },
    [path, init.method ?? 'GET', init.body] as const,
  );
}

afterAll(async () => {
  await worker?.close();
  await backend?.close();
  await app?.close();
});

async function open(hash: string, ready: (page: Page) => Promise<unknown>, { page } = admin) {
  await page.goto(`${app.url}/#${hash}`);
  await ready(page);
  // Let react-admin finish the render the data triggered (loading bars, counts). A determinate
  // bar (aria-valuenow: an import's progress) is content, not loading: it never goes.
  await page
    .locator('.MuiLinearProgress-root:not([aria-valuenow]), [role="progressbar"]:not([aria-valuenow])')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await transitionsDone(page);
  return page;
}

interface TabStop {
  name: string;
  href: string | null;
  /** What a pointer would hit at the middle of the focused element is the element. */
  shown: boolean;
}

/** The elements Tab (or Shift+Tab) focuses, one after the other, from where the focus is. */
async function tabStops(page: Page, most: number, { backwards = false, until = (_stop: TabStop): boolean => false } = {}): Promise<TabStop[]> {
  const stops: TabStop[] = [];
  for (let n = 0; n < most && !(stops.length && until(stops.at(-1)!)); n++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    stops.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        const name = element.getAttribute('aria-label') ?? element.getAttribute('title') ?? element.innerText;
        return { name: `${element.tagName} ${name}`.trim(), href: element.getAttribute('href'), shown: box.width > 0 && box.height > 0 && !!hit && (hit === element || element.contains(hit)) };
      }),
    );
  }
  return stops;
}

/** What the page is checked for: axe's WCAG A/AA rules, and one <h1> (its title). */
async function checked(page: Page, what: string) {
  await transitionsDone(page);
  expect(await page.locator('h1').count(), `<h1> on ${what}`).toBe(1);
  expect(await axeViolations(page), what).toEqual([]);
}

describe('accessibility (axe-core, WCAG 2 A and AA)', { timeout: 120_000 }, () => {
  it('the login page', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/login`);
    await page.getByRole('button', { name: 'Connexion' }).waitFor();
    await checked(page, 'login');
    await signIn(page, app.url, 'admin');
    await page.locator('table tbody tr').first().waitFor();
  });

  it('the empty history page', async () => {
    // Nothing has been changed yet: react-admin's empty page, which it greys.
    const page = await open('/audit-entries', (p) => p.locator('.RaEmpty-message').waitFor());
    await checked(page, 'empty history');
  });

  it('the clients list, its row checkboxes named after their client', async () => {
    const page = await open('/clients', (p) => p.locator('table tbody tr').first().waitFor());
    await checked(page, 'clients list');
    // Each row's checkbox is named after its client ("Sélectionner Dupont Jean"), not "Sélectionner cette ligne".
    const labels = await page.locator('table tbody tr input[type="checkbox"]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('aria-label')));
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^Sélectionner \S/);
    expect(new Set(labels).size).toBeGreaterThan(1);
    const client = await app.db.knex('clients').whereNotNull('first_name').orderBy('id').first();
    await open(`/clients?filter=${encodeURIComponent(JSON.stringify({ q: `${client.last_name} ${client.first_name}` }))}`, (p) => p.locator('table tbody tr').first().waitFor());
    await page
      .getByRole('checkbox', { name: `Sélectionner ${client.last_name} ${client.first_name}` })
      .first()
      .waitFor();
    // With rows selected, the bulk actions appear: checked too.
    await page.locator('table tbody tr input[type="checkbox"]').first().check();
    await page
      .getByRole('button', { name: /Supprimer/ })
      .first()
      .waitFor();
    await checked(page, 'clients list with a selection');
    // The bulk actions cover the filter bar: going back from the row's checkbox, the keyboard
    // meets the bulk actions and the menu, never the covered filters.
    const backwards = await tabStops(page, 12, { backwards: true });
    expect(
      backwards.filter((stop) => !stop.shown).map((stop) => stop.name),
      'focused but not shown',
    ).toEqual([]);
    expect(backwards.map((stop) => stop.name)).toContain('BUTTON Supprimer la sélection');
    await page.getByRole('button', { name: 'Désélectionner' }).click();
  });

  it('opens a client from the list with the keyboard: Tab reaches the first name, Enter opens it, no invisible stop on the way', async () => {
    const page = await open(`/clients?filter=${encodeURIComponent('{}')}`, (p) => p.locator('table tbody tr').first().waitFor());
    const firstName = (await page.locator('table tbody tr').first().locator('td').nth(2).innerText()).trim();
    await page.locator('input[name="q"]').focus();
    const stops = await tabStops(page, 40, { until: (stop) => !!stop.href?.includes('/show') });
    expect(
      stops.filter((stop) => !stop.shown).map((stop) => stop.name),
      'focused but not shown',
    ).toEqual([]);
    const last = stops.at(-1)!;
    expect(last.href).toMatch(/^#\/clients\/\d+\/show$/);
    expect(last.name).toMatch(new RegExp(`^A .+ ${firstName}$`));
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/clients\/\d+\/show$/);
    await expect.poll(async () => (await page.locator('h1').innerText()).trim()).toBe(`Client ${last.name.slice(2)}`);
    await checked(page, 'client opened from the keyboard');
  });

  it("a client's page, every tab", async () => {
    const page = await open(`/clients/${clientId}/show`, (p) => p.getByRole('tab').first().waitFor());
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs.length).toBeGreaterThan(1);
    for (const [index, name] of tabs.entries()) {
      await page.getByRole('tab').nth(index).click();
      await page
        .locator('.MuiLinearProgress-root')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      await checked(page, `tab ${name}`);
    }
  });

  it('the create and edit forms, and the duplicate warning with its chips', async () => {
    let page = await open('/clients/create', (p) => p.locator('input[name="lastName"]').waitFor());
    await checked(page, 'create');
    const existing = await app.db.knex('clients').whereNotNull('first_name').whereNotNull('email').orderBy('id').first();
    await page.locator('input[name="lastName"]').fill(existing.last_name);
    await page.locator('input[name="firstName"]').fill(existing.first_name);
    await page.locator('input[name="email"]').fill(existing.email);
    await page.getByTestId('similar-clients').locator('.MuiChip-root').first().waitFor();
    await checked(page, 'duplicate warning');
    page = await open(`/clients/${clientId}`, (p) => p.locator('input[name="lastName"]').waitFor());
    await expect(page.locator('input[name="lastName"]').inputValue()).resolves.not.toBe('');
    await checked(page, 'edit');
  });

  it('a contract’s "Résilier" button and its dialog; a line entered by hand, "Saisie manuelle"', async () => {
    const contract = await app.db.knex('contracts').where({ status: 'active' }).whereNull('end_date').whereNotNull('client_id').orderBy('id').first();
    const page = await open(`/contracts/${contract.id}/show`, (p) => p.getByRole('button', { name: 'Résilier' }).waitFor());
    await checked(page, 'contract');
    await page.getByRole('button', { name: 'Résilier' }).click();
    await page.getByRole('dialog').waitFor();
    await checked(page, 'terminate dialog');
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const line = await api('/api/commissions', { method: 'POST', body: { contractId: contract.id, date: '2026-04-30', amount: '1 234,56', label: 'Saisie du test' } });
    await open(`/commissions/${line.id}/show`, (p) => p.getByText('Saisie manuelle').waitFor());
    await checked(page, 'manual commission');
  });

  it('the duplicates, their reasons as chips', async () => {
    const page = await open('/duplicates', (p) => p.locator('table tbody tr .MuiChip-root').first().waitFor());
    await checked(page, 'duplicates');
  });

  it('the "Non autorisé" page', async () => {
    const support = await app.newPage();
    try {
      await signIn(support.page, app.url, 'support');
      await support.page.locator('table tbody tr').first().waitFor();
      await open('/users', (p) => p.getByText('Non autorisé').first().waitFor(), support);
      await checked(support.page, 'Non autorisé');
    } finally {
      await support.context.close();
    }
  });

  it('the imports pages: list, upload with its preview, an import report', async () => {
    const id = await finishedImport();
    let page = await open('/imports', (p) => p.locator('table tbody tr').first().waitFor());
    await checked(page, 'list');

    page = await open('/imports/create', (p) => p.getByTestId('import-file').waitFor({ state: 'attached' }));
    await checked(page, 'upload');
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'bordereau-avril.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await messyStatement() });
    await page.locator('table tbody tr').first().waitFor();
    await checked(page, 'preview');

    page = await open(`/imports/${id}/show`, (p) => p.getByText('bordereau-mars.xlsx').first().waitFor());
    await checked(page, 'report');
  });

  it('the clients list with 1,500 clients, and searched', async () => {
    await app.db.knex.raw(
      `INSERT INTO clients (last_name, first_name, client_number, email)
       SELECT 'Volume' || n, 'Client', 'VOL-' || lpad(n::text, 5, '0'), 'volume' || n || '@exemple.fr' FROM generate_series(1, 1500) AS n`,
    );
    const page = await open('/clients', (p) => p.locator('table tbody tr').first().waitFor());
    await checked(page, 'clients list, 1,500 clients');
    await open(`/clients?filter=${encodeURIComponent(JSON.stringify({ q: 'volume' }))}`, (p) => p.getByRole('link', { name: 'Volume1 Client' }).waitFor());
    await checked(page, 'clients list, 1,500 clients searched');
  });
});
