import pino from 'pino';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../api/config';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { startImportWorker, type ImportWorker } from '../../api/imports/statementImportQueue';
import { importLimitsOf } from '../../api/imports/statementImportProcessor';
import { statementOf } from '../imports/statementFiles';
import { screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * An import in a real browser, with a real worker: the first click on "Lancer l'import", made
 * while the preview of the insurer just typed is on its way, starts the import with that
 * insurer; the clients it created open in the clients list filtered on the import, the filter
 * shown as a chip that removes it.
 */
let app: E2eApp;
let admin: WatchedPage;
let backend: QueueBackendHandle;
let worker: ImportWorker;

beforeAll(async () => {
  app = await startE2eApp();
  const config = loadConfig({ DATABASE_URL: app.db.url });
  backend = await openQueueBackend(config, { embedded: false, url: app.db.url });
  worker = startImportWorker(backend.connection, { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: importLimitsOf(config) });
  admin = await app.newPage();
  await signIn(admin.page, app.url, 'admin');
  await admin.page.locator('table tbody tr').first().waitFor();
});
afterAll(async () => {
  await worker?.close();
  await backend?.close();
  await app?.close();
});
beforeEach((context) => {
  onTestFailed(async () => {
    if (admin) await screenshot(admin.page, `failed-imports-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
  });
});

const FILE_NAME = 'bordereau-sans-compagnie.xlsx';
/** Two clients the demo data does not have, and no insurer column: the insurer is typed. */
const statement = () =>
  statementOf(
    'Mai 2026',
    ['Bordereau de commissions — mai 2026'],
    ['N° client', 'Nom', 'Prénom', 'N° de contrat', 'Date', 'Commission'],
    [
      ['IMP-E2E-1', 'Quentin', 'Yves', 'IMP-CT-1', new Date(Date.UTC(2026, 4, 31)), '120,50'],
      ['IMP-E2E-2', 'Quesnel', 'Ines', 'IMP-CT-2', new Date(Date.UTC(2026, 4, 31)), '80,00'],
    ],
  );
const normaliseSpaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('an import on screen', () => {
  let importId: number;

  it('starts with the insurer just typed when "Lancer l’import" is clicked while its preview is on its way, saying it waits', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/imports/create`);
    await page.getByTestId('import-file').setInputFiles({ name: FILE_NAME, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await statement() });
    await page.locator('table tbody tr').first().waitFor();
    await screenshot(page, '60-import-preview');

    // The next preview is held until the click has happened: the click comes while it is on its way.
    let held: (route: Route) => void = () => undefined;
    const previewAsked = new Promise<Route>((resolve) => (held = resolve));
    await page.route('**/api/imports/preview', (route) => held(route), { times: 1 });
    await page.getByTestId('import-insurer').fill('Mutuelle du Test');
    // The click blurs the insurer field, which asks for its preview: the button must not swallow it.
    await page.getByTestId('import-start').click();
    const route = await previewAsked;
    const button = page.getByTestId('import-start');
    await expect.poll(async () => normaliseSpaces(await button.innerText())).toBe('MISE À JOUR DE L’APERÇU… L’IMPORT DÉMARRE ENSUITE');
    expect(await button.getAttribute('aria-busy')).toBe('true');
    await screenshot(page, '61-import-start-waits-for-preview');
    await route.continue();

    await page.waitForURL(/#\/imports\/\d+\/show$/);
    importId = Number(/imports\/(\d+)\/show/.exec(page.url())![1]);
    const started = await app.db.knex('statement_imports').where({ id: importId }).first();
    expect(started).toMatchObject({ file_name: FILE_NAME, insurer: 'Mutuelle du Test' });
    expect(await app.db.knex('statement_imports').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('opens the clients it created filtered on the import, the filter shown and removable', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: '2 clients créés' }).click();
    await page.waitForURL(/#\/clients\?/);
    const chip = page.getByTestId('applied-filter-importId');
    await chip.waitFor();
    await expect.poll(async () => normaliseSpaces(await chip.innerText())).toBe(`Import : n° ${importId} · ${FILE_NAME} — clients créés`);
    await expect.poll(() => page.locator('table tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^\tQuentin\tYves\tIMP-E2E-1\t/), expect.stringMatching(/^\tQuesnel\tInes\tIMP-E2E-2\t/)]);
    await screenshot(page, '62-clients-filtered-on-import');

    // Removing it from the keyboard, as a chip's own button: the whole list is back, no chip left.
    await chip.focus();
    await page.keyboard.press('Enter');
    await chip.waitFor({ state: 'detached' });
    const url = decodeURIComponent(page.url());
    expect(url).not.toContain('importId');
    expect(url).not.toContain('importOutcome');
    const total = Number((await app.db.knex('clients').count({ n: '*' }).first())!.n);
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(Math.min(25, total));
    await expect(page.getByTestId('applied-filters').count()).resolves.toBe(0);
  });

  it('shows any other filter a list receives in its address, and removes it', async () => {
    const { page } = admin;
    const line = await app.db.knex('commissions').where({ import_id: importId }).orderBy('id').first();
    const contract = await app.db.knex('contracts').where({ id: line.contract_id }).first();
    await page.goto(`${app.url}/#/commissions?filter=${encodeURIComponent(JSON.stringify({ contractId: contract.id, source: 'import' }))}`);
    await page.getByTestId('applied-filter-contractId').waitFor();
    // The contract is named once read (its number until then).
    await expect.poll(async () => normaliseSpaces(await page.getByTestId('applied-filters').innerText())).toBe(`Filtré sur : Contrat : ${contract.contract_number} Origine : Import de relevé`);
    await screenshot(page, '63-commissions-hidden-filters');
    await page.getByTestId('applied-filter-source').click();
    await page.getByTestId('applied-filter-source').waitFor({ state: 'detached' });
    await page.getByTestId('applied-filter-contractId').click();
    await page.getByTestId('applied-filters').waitFor({ state: 'detached' });
    expect(decodeURIComponent(page.url())).not.toMatch(/contractId|source/);

    // A list without any filter input (the imports) shows one received in its address too.
    await page.goto(`${app.url}/#/imports?filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`);
    await page.getByTestId('applied-filter-status').waitFor();
    expect(normaliseSpaces(await page.getByTestId('applied-filter-status').innerText())).toBe('Statut : Échec');
  });
});

describe('the previews of an upload', () => {
  it('ignores an older preview answering after a newer one, and puts the previous choices back when a preview is refused', async () => {
    // A page of its own: the refusal it provokes is not one of the admin page's errors.
    const { page } = await app.newPage();
    await signIn(page, app.url, 'admin');
    await page.locator('table tbody tr').first().waitFor();
    await page.goto(`${app.url}/#/imports/create`);
    await page.getByTestId('import-file').setInputFiles({ name: 'apercus.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await statement() });
    await page.locator('table tbody tr').first().waitFor();
    const insurer = page.getByTestId('import-insurer');
    const rendered = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

    // The preview of "Compagnie A" is held until the one of "Compagnie B", asked next, is shown.
    let held: (route: Route) => void = () => undefined;
    const olderAsked = new Promise<Route>((resolve) => (held = resolve));
    await page.route('**/api/imports/preview', (route) => held(route), { times: 1 });
    await insurer.fill('Compagnie A');
    await insurer.press('Tab');
    const older = await olderAsked;
    await insurer.fill('Compagnie B');
    const newer = page.waitForResponse('**/api/imports/preview');
    await insurer.press('Tab');
    await (await newer).finished();
    await expect.poll(() => page.getByTestId('import-start').getAttribute('aria-busy')).toBe('false');
    const olderAnswer = page.waitForResponse('**/api/imports/preview');
    await older.continue();
    await (await olderAnswer).finished();
    await rendered();
    expect(await insurer.inputValue()).toBe('Compagnie B');

    // A refused mapping change: the column keeps its field.
    const column = page.getByRole('combobox', { name: 'Commission' });
    const field = normaliseSpaces(await column.innerText());
    expect(field).not.toBe('— ignorée —');
    await page.route('**/api/imports/preview', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ message: 'Aperçu refusé.', errors: {} }) }), {
      times: 1,
    });
    await column.click();
    await page.getByRole('option', { name: '— ignorée —' }).click();
    await expect.poll(async () => normaliseSpaces(await page.getByTestId('import-error').innerText())).toBe('Aperçu refusé.');
    await expect.poll(async () => normaliseSpaces(await column.innerText())).toBe(field);
    // The next preview is asked with the choices put back: the column still feeds its field.
    const next = page.waitForResponse('**/api/imports/preview');
    await insurer.fill('Compagnie C');
    await insurer.press('Tab');
    await (await next).finished();
    await rendered();
    expect(normaliseSpaces(await column.innerText())).toBe(field);
    expect(await insurer.inputValue()).toBe('Compagnie C');
    await page.getByTestId('import-error').waitFor({ state: 'detached' });
    await page.close();
  });
});

describe('browser console', () => {
  it('has no errors', () => {
    expect(admin.errors).toEqual([]);
  });
});
