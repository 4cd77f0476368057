import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { axeViolations, transitionsDone } from './support/pageChecks';
import { E2E_USERS, SCREENSHOT_DIR, screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * Personal data in a real browser, against the real API and PostgreSQL: export of a
 * client's data, anonymisation (page, history, bulk), the retention page and the access log.
 * The tests run in order on one admin page.
 */
let app: E2eApp;
let admin: WatchedPage;
/** The demo client exported then anonymised, with the values it had before. */
let target: { id: number; lastName: string; firstName: string; email: string | null; clientNumber: string; renamedFirstName: string };
/** A client whose relationship ended long ago (seeded), expected on the retention page. */
let expired: { id: number; clientNumber: string; lastName: string };

const knex = () => app.db.knex;
const EXTRA_SHOTS = process.env.E2E_SHOTS_DIR;

/** The harness's screenshot (fails on untranslated keys), copied where a reviewer asked for it. */
async function shot(page: Page, name: string) {
  await screenshot(page, `rgpd-${name}`);
  if (EXTRA_SHOTS) {
    fs.mkdirSync(EXTRA_SHOTS, { recursive: true });
    fs.copyFileSync(path.join(SCREENSHOT_DIR, `rgpd-${name}.png`), path.join(EXTRA_SHOTS, `${name}.png`));
  }
}

/** A request from the signed-in page (its session cookie, same origin), as the admin would make it. */
async function apiFromPage(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { method, url, body },
  );
}

/** Every text of a worksheet, one cell a line. */
function sheetText(sheet: ExcelJS.Worksheet): string {
  const texts: string[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      const value = cell.value;
      if (value === null || value === undefined) return;
      texts.push(value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
    }),
  );
  return texts.join('\n');
}

const notification = (page: Page, text: string | RegExp) => page.locator('.MuiSnackbar-root').getByText(text);

beforeAll(async () => {
  app = await startE2eApp();
  admin = await app.newPage();

  // A demo client with several contracts and commissions.
  const { rows } = await knex().raw(`
    SELECT c.id, c.last_name, c.first_name, c.email, c.client_number
      FROM clients c
     WHERE c.first_name IS NOT NULL AND c.email IS NOT NULL
       AND (SELECT count(*) FROM contracts ct WHERE ct.client_id = c.id) >= 2
       AND (SELECT count(*) FROM commissions cm WHERE cm.client_id = c.id) >= 2
     ORDER BY c.id LIMIT 1`);
  expect(rows).toHaveLength(1);
  const row = rows[0];
  target = { id: row.id, lastName: row.last_name, firstName: row.first_name, email: row.email, clientNumber: row.client_number, renamedFirstName: `${row.first_name}-Zéphyrin` };

  // Relationship ended in 2015: no active contract, last commission that year.
  const [client] = await knex()('clients')
    .insert({ last_name: 'Ancien-Révolu', first_name: 'Octave', client_number: 'E2E-RET-0001', email: 'octave.ancien@exemple.fr', created_at: new Date('2012-03-01T10:00:00Z') })
    .returning(['id', 'client_number', 'last_name']);
  const [contract] = await knex()('contracts')
    .insert({ contract_number: 'E2E-RET-C1', client_id: client.id, product: 'Assurance vie', insurer: 'Assureur E2E', status: 'terminated', start_date: '2012-03-01', end_date: '2015-06-30' })
    .returning('id');
  await knex()('commissions').insert({
    contract_id: contract.id,
    client_id: client.id,
    date: '2015-05-31',
    amount: '42.50',
    label: 'Commission 2015',
    client_number: client.client_number,
    client_name: 'Ancien-Révolu Octave',
  });
  expired = { id: client.id, clientNumber: client.client_number, lastName: client.last_name };
});
afterAll(() => app?.close());
beforeEach((context) => {
  onTestFailed(async () => {
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    if (admin) await screenshot(admin.page, `failed-rgpd-${name}`).catch(() => undefined);
  });
});

describe('personal data, as an admin', () => {
  it('signs in, and a change of first name goes to the client history', async () => {
    const { page } = admin;
    await signIn(page, app.url, 'admin');
    await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
    await page.getByRole('menuitem', { name: 'Fin de conservation' }).waitFor();
    await page.getByRole('menuitem', { name: 'Journal des accès' }).waitFor();
    // No menu entry cut short with an ellipsis (the menu is 240 px wide).
    const truncated = await page.evaluate(() =>
      [...document.querySelectorAll('[role="menuitem"], [role="menuitem"] *')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
    );
    expect(truncated).toEqual([]);
    // A change through the API, as the edit form makes it: an audit entry with the old and new first names.
    const response = await apiFromPage(page, 'PUT', `/api/clients/${target.id}`, { firstName: target.renamedFirstName });
    expect(response.status).toBe(200);
  });

  it('exports the client’s data as an Excel workbook, one sheet per kind, and as JSON', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients/${target.id}/show`);
    await page.getByText(target.clientNumber, { exact: true }).waitFor();
    const exportButton = page.getByRole('button', { name: 'Exporter ses données' });
    await exportButton.waitFor();
    await expect(page.getByRole('button', { name: 'Anonymiser', exact: true }).isVisible()).resolves.toBe(true);
    await page.waitForLoadState('networkidle');
    await shot(page, '01-client-page');

    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toBe(`donnees-personnelles-${target.clientNumber}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Client', 'Contrats', 'Commissions', 'Imports', 'Historique']);
    const clientTexts = sheetText(workbook.getWorksheet('Client')!);
    for (const value of [target.lastName, target.renamedFirstName, target.email!, target.clientNumber]) expect(clientTexts, value).toContain(value);
    const contracts = await knex()('contracts').where({ client_id: target.id }).select('contract_number');
    const contractTexts = sheetText(workbook.getWorksheet('Contrats')!);
    for (const { contract_number } of contracts) expect(contractTexts).toContain(contract_number);
    const [{ count: commissionCount }] = await knex()('commissions').where({ client_id: target.id }).count<{ count: string }[]>('* as count');
    // A header row, then (at least) one row per commission line; the JSON below counts them exactly.
    expect(workbook.getWorksheet('Commissions')!.actualRowCount).toBeGreaterThanOrEqual(Number(commissionCount) + 1);
    const historyTexts = sheetText(workbook.getWorksheet('Historique')!);
    expect(historyTexts).toContain(target.renamedFirstName);
    // Nobody else's data: the retention client's name appears nowhere.
    for (const sheet of workbook.worksheets) expect(sheetText(sheet)).not.toContain(expired.lastName);
    await notification(page, `Données exportées : donnees-personnelles-${target.clientNumber}.xlsx`).waitFor();

    // The JSON twin from the arrow's menu.
    await page.getByRole('button', { name: 'Autres formats d’export des données personnelles' }).click();
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Fichier JSON' }).click()]);
    expect(jsonDownload.suggestedFilename()).toBe(`donnees-personnelles-${target.clientNumber}.json`);
    const json = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
    expect(Object.keys(json).sort()).toEqual(['client', 'commissions', 'contracts', 'exportedAt', 'history', 'imports']);
    expect(json.client).toMatchObject({ id: target.id, lastName: target.lastName, firstName: target.renamedFirstName });
    expect(json.contracts).toHaveLength(contracts.length);
    expect(json.commissions).toHaveLength(Number(commissionCount));
  });

  it('says so when the server refuses the export, and downloads nothing', async () => {
    const { page } = admin;
    await page.route(`**/api/clients/${target.id}/personal-data*`, (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ message: 'Service momentanément indisponible.' }) }),
    );
    let downloads = 0;
    const onDownload = () => downloads++;
    page.on('download', onDownload);
    try {
      await page.getByRole('button', { name: 'Exporter ses données' }).click();
      await notification(page, 'L’export des données a échoué : Service momentanément indisponible.').waitFor();
      expect(downloads).toBe(0);
    } finally {
      page.off('download', onDownload);
      await page.unroute(`**/api/clients/${target.id}/personal-data*`);
    }
  });

  it('anonymises the client after a confirmation that says what goes and what stays; success only once the server answered', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Anonymiser', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Anonymiser le client « ${target.lastName} ${target.renamedFirstName} » ?` });
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const words of [
      'Ce qui est effacé',
      'prénom',
      'email',
      'téléphone',
      'adresse',
      'historique',
      'Ce qui est conservé',
      'numéro client',
      'contrats',
      'montants',
      'dates',
      '10 ans',
      'blanchiment',
      'définitive',
    ]) {
      expect(text).toContain(words);
    }
    await transitionsDone(page);
    await shot(page, '02-anonymise-dialog');

    // The server's answer is held back until the page has been looked at.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/clients/${target.id}/anonymise`, async (route) => {
      await held;
      await route.continue();
    });
    try {
      const request = page.waitForRequest((req) => req.url().endsWith(`/api/clients/${target.id}/anonymise`) && req.method() === 'POST');
      await dialog.getByRole('button', { name: 'Anonymiser définitivement' }).click();
      await request;
      // Sent, not answered: the dialog waits (buttons disabled, once React has rendered the click), no success message.
      await expect.poll(() => dialog.getByRole('button', { name: 'Anonymiser définitivement' }).isDisabled()).toBe(true);
      await expect(notification(page, 'Client anonymisé').count()).resolves.toBe(0);
      const answered = page.waitForResponse((res) => res.url().endsWith(`/api/clients/${target.id}/anonymise`));
      release();
      expect((await answered).status()).toBe(200);
    } finally {
      release();
      await page.unroute(`**/api/clients/${target.id}/anonymise`);
    }
    await notification(page, 'Client anonymisé').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const label = `Client anonymisé n° ${target.id}`;
    await page
      .getByTestId('anonymised-banner')
      .getByText(/^Client anonymisé le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)
      .waitFor();
    await page.locator('main').getByText(label, { exact: true }).first().waitFor();
    await expect(page.getByRole('button', { name: 'Anonymiser', exact: true }).count()).resolves.toBe(0);
    // Nothing personal to edit any more (the database would keep the fields as they are).
    await expect(page.getByRole('link', { name: 'Modifier' }).count()).resolves.toBe(0);
    // Exporting an anonymised client is still allowed (what the firm keeps).
    await expect(page.getByRole('button', { name: 'Exporter ses données' }).isVisible()).resolves.toBe(true);
    const pageText = await page.locator('body').innerText();
    for (const value of [target.lastName, target.renamedFirstName, target.email!]) expect(pageText).not.toContain(value);
    expect(pageText).toContain(target.clientNumber);
    const stored = await knex()('clients').where({ id: target.id }).first();
    expect(stored).toMatchObject({ last_name: label, first_name: null, email: null, phone: null, address: null, client_number: target.clientNumber });
    expect(stored.anonymised_at).not.toBeNull();
    await page.waitForLoadState('networkidle');
    await shot(page, '03-client-anonymised');
  });

  it('shows "[donnée effacée]" in the history where the names were', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients/${target.id}/show`);
    await page.getByTestId('anonymised-banner').waitFor();
    await page.getByRole('tab', { name: 'Historique' }).click();
    const history = page.getByTestId('client-history');
    await history.waitFor();
    // The first-name change: before and after both erased.
    const firstNameRow = history.locator('tbody tr', { has: page.getByText('Modification', { exact: true }) }).filter({ has: page.locator('dt', { hasText: 'Prénom' }) });
    await firstNameRow.first().waitFor();
    await expect(firstNameRow.first().locator('[data-erased="true"]').count()).resolves.toBe(2);
    await expect(firstNameRow.first().getByText('[donnée effacée]').count()).resolves.toBe(2);
    // The anonymisation itself is in the history.
    await history.getByText('Anonymisation', { exact: true }).first().waitFor();
    const text = await history.innerText();
    for (const value of [target.lastName, target.firstName, target.renamedFirstName, target.email!]) expect(text).not.toContain(value);
    await page.waitForLoadState('networkidle');
    await shot(page, '04-history-erased');
  });

  it('lists the client past retention, changes the period, and anonymises it in bulk', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients`);
    await page.getByRole('menuitem', { name: 'Fin de conservation' }).click();
    await page.getByText('Durée de conservation dépassée').first().waitFor();
    const settings = page.getByTestId('retention-settings');
    const years = settings.getByLabel('Conservation après la fin de la relation (ans)');
    await expect.poll(() => years.inputValue()).toBe('5');
    await expect(settings.getByLabel('Conservation du journal des accès (mois)').inputValue()).resolves.toBe('12');
    const row = page.locator('table tbody tr', { hasText: expired.clientNumber });
    await row.waitFor();
    const headers = (await page.locator('table thead th').allInnerTexts()).map((header) => header.trim()).filter(Boolean);
    expect(headers).toEqual(['Numéro client', 'Nom', 'Prénom', 'Fin de relation', 'Dernière commission', 'Contrats']);
    // Ended on the contract's end date, after the last commission.
    await expect(row.innerText()).resolves.toMatch(/30\/06\/2015[\s\S]*31\/05\/2015[\s\S]*1/);
    await page.waitForLoadState('networkidle');
    await shot(page, '05-retention');

    // 50 years: nobody is past it; back to 5.
    await years.fill('50');
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await notification(page, 'Durées de conservation enregistrées').waitFor();
    await page.getByTestId('retention-empty').waitFor();
    await page.getByText('Aucun client n’a dépassé la durée de conservation').waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, '06-retention-empty');
    await years.fill('5');
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await row.waitFor();
    await expect(knex()('app_settings').where({ key: 'personal_data.retention_years' }).first()).resolves.toMatchObject({ value: '5' });

    // Out of range: refused by the form before any request.
    await years.fill('0');
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await settings.getByText('Minimum 1', { exact: true }).waitFor();
    await years.fill('5');

    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Anonymiser', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Anonymiser 1 client ?' });
    await dialog.getByText('Ce qui est conservé').waitFor();
    await dialog.getByRole('button', { name: 'Anonymiser définitivement' }).click();
    await notification(page, '1 client anonymisé').waitFor();
    await row.waitFor({ state: 'detached' });
    const stored = await knex()('clients').where({ id: expired.id }).first();
    expect(stored).toMatchObject({ last_name: `Client anonymisé n° ${expired.id}`, first_name: null, email: null, client_number: expired.clientNumber });
    const commission = await knex()('commissions').where({ client_id: expired.id }).first();
    expect(commission).toMatchObject({ amount: '42.50', client_name: `Client anonymisé n° ${expired.id}`, date: expect.anything() });
  });

  it('anonymises a selection from the client list, showing the server’s refusal when there is one', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients`);
    await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
    const victims = await knex()('clients').whereNull('anonymised_at').whereNotNull('client_number').orderBy('id', 'desc').limit(2).select('id', 'client_number', 'last_name');
    const search = page.getByPlaceholder('Rechercher un client…');
    await search.fill(victims[0].client_number);
    const row = page.locator('table tbody tr', { hasText: victims[0].client_number });
    await row.waitFor();
    await page.getByText(/^1-1 sur 1$/).waitFor();
    await row.getByRole('checkbox').check();

    // A refusal: the server's message, the dialog stays, nothing changed.
    await page.route('**/api/clients/anonymise*', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ message: 'Anonymisation refusée : essai du test.' }) }),
    );
    await page.getByRole('button', { name: 'Anonymiser', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Anonymiser 1 client ?' });
    await dialog.getByRole('button', { name: 'Anonymiser définitivement' }).click();
    await notification(page, 'Anonymisation refusée : essai du test.').waitFor();
    await expect(notification(page, /client anonymisé/).count()).resolves.toBe(0);
    await page.unroute('**/api/clients/anonymise*');
    await expect(knex()('clients').where({ id: victims[0].id }).first()).resolves.toMatchObject({ anonymised_at: null });

    await dialog.getByRole('button', { name: 'Anonymiser définitivement' }).click();
    await notification(page, '1 client anonymisé').waitFor();
    await page.getByText(`Client anonymisé n° ${victims[0].id}`).waitFor();
    await expect(knex()('clients').where({ id: victims[0].id }).first()).resolves.toMatchObject({ last_name: `Client anonymisé n° ${victims[0].id}` });
    await search.fill('');
  });

  it('shows who viewed and exported the client in the access log, linked from the client page', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients/${target.id}/show`);
    await page.getByTestId('anonymised-banner').waitFor();
    await page.getByRole('link', { name: 'Journal des accès' }).click();
    await page.waitForURL(/#\/access-log\?/);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const headers = (await page.locator('table thead th').allInnerTexts()).map((header) => header.trim()).filter(Boolean);
    expect(headers).toEqual(['Date', 'Utilisateur', 'Client', 'Accès']);
    const entries = await knex()('client_access_log').where({ client_id: target.id });
    await expect.poll(() => rows.count()).toBe(entries.length);
    const texts = await rows.allInnerTexts();
    expect(texts.some((text) => text.includes('Consultation'))).toBe(true);
    // Two exports went through (xlsx and JSON); the refused one never reached the server.
    expect(texts.filter((text) => text.includes('Export')).length).toBe(2);
    for (const text of texts) {
      expect(text).toContain(E2E_USERS.admin.fullName);
      expect(text).toContain(`Client anonymisé n° ${target.id}`);
    }
    await expect(
      rows
        .first()
        .getByRole('link', { name: new RegExp(`Client anonymisé n° ${target.id}`) })
        .getAttribute('href'),
    ).resolves.toBe(`#/clients/${target.id}/show`);
    await page.waitForLoadState('networkidle');
    await shot(page, '07-access-log');
  });

  it('shows the RGPD pages in English', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients`);
    await page.getByRole('button', { name: /Français/i }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Retention period over' }).click();
    await page.getByText('Retention periods').waitFor();
    await page.goto(`${app.url}/#/clients/${target.id}/show`);
    await page.getByText(/^Client anonymised on /).waitFor();
    await page.getByRole('button', { name: 'Export their data' }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, '08-client-english');
    await page.getByRole('button', { name: /English/i }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Exporter ses données' }).waitFor();
  });
});

describe('personal data screens, for assistive technology', () => {
  it('have no axe-core WCAG 2 A/AA violation: client page and its dialog, retention page, access log', { timeout: 120_000 }, async () => {
    const watched = await app.newPage();
    try {
      const { page } = watched;
      await signIn(page, app.url, 'admin');
      await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor({ timeout: 45_000 });
      const other = await knex()('clients').whereNull('anonymised_at').orderBy('id').first();
      await page.goto(`${app.url}/#/clients/${other.id}/show`);
      await page.getByRole('button', { name: 'Anonymiser', exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page), 'client page').toEqual([]);
      await page.getByRole('button', { name: 'Anonymiser', exact: true }).click();
      await page.getByRole('dialog').getByText('Ce qui est conservé').waitFor();
      await transitionsDone(page);
      expect(await axeViolations(page), 'anonymise dialog').toEqual([]);
      await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
      await page.goto(`${app.url}/#/clients/${target.id}/show`);
      await page.getByTestId('anonymised-banner').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page), 'anonymised client').toEqual([]);
      await page.getByRole('tab', { name: 'Historique' }).click();
      await page.getByTestId('client-history').getByText('Anonymisation', { exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page), 'erased history').toEqual([]);
      await page.goto(`${app.url}/#/retention-expired-clients`);
      await page.getByTestId('retention-settings').getByText('Durées de conservation').waitFor();
      await page.waitForLoadState('networkidle');
      // The settings and the list have loaded: no spinner left to judge.
      await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'));
      expect(await axeViolations(page), 'retention page').toEqual([]);
      await page.goto(`${app.url}/#/access-log`);
      await page.locator('table tbody tr').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page), 'access log').toEqual([]);
    } finally {
      await watched.context.close();
    }
  });
});

describe('personal data on a tablet', () => {
  it('fits the client page’s actions and the retention page in 768 px without sideways scrolling', async () => {
    const tablet = await app.newPage({ viewport: { width: 768, height: 1024 } });
    try {
      const { page } = tablet;
      await signIn(page, app.url, 'admin');
      // A second browser context loads the admin's bundle afresh: more time on a busy machine.
      await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor({ timeout: 45_000 });
      const other = await knex()('clients').whereNull('anonymised_at').orderBy('id').first();
      await page.goto(`${app.url}/#/clients/${other.id}/show`);
      await page.getByRole('button', { name: 'Exporter ses données' }).waitFor();
      await page.getByRole('button', { name: 'Anonymiser', exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await shot(page, '09-client-tablet');
      await page.goto(`${app.url}/#/retention-expired-clients`);
      await page.getByTestId('retention-settings').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflow()).toBeLessThanOrEqual(0);
      await shot(page, '10-retention-tablet');
    } finally {
      await tablet.context.close();
    }
  });
});

describe('personal data, as support staff', () => {
  it('sees neither the export, the anonymise button nor the RGPD pages', async () => {
    const support = await app.newPage();
    try {
      const { page } = support;
      await signIn(page, app.url, 'support');
      await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
      await expect(page.getByRole('menuitem', { name: 'Journal des accès' }).count()).resolves.toBe(0);
      await expect(page.getByRole('menuitem', { name: 'Fin de conservation' }).count()).resolves.toBe(0);
      const other = await knex()('clients').whereNull('anonymised_at').orderBy('id').first();
      await page.goto(`${app.url}/#/clients/${other.id}/show`);
      await page.getByRole('tab', { name: 'Informations' }).waitFor();
      await page.getByText(other.last_name, { exact: true }).first().waitFor();
      await expect(page.getByRole('button', { name: 'Exporter ses données' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Anonymiser', exact: true }).count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Journal des accès' }).count()).resolves.toBe(0);
      await page.goto(`${app.url}/#/access-log`);
      await page.getByText("Vous n'avez pas les droits d'accès à cette page").waitFor();
    } finally {
      await support.context.close();
    }
  });
});
