import fs from 'node:fs';
import Papa from 'papaparse';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';
import { transitionsDone } from './support/pageChecks';

/**
 * In a real browser: a contract added from a client's page and terminated moves
 * "Contrats actifs" in the clients list; the referent of three selected clients changes in one
 * request; support staff see none of the write actions.
 */
let app: E2eApp;
let admin: WatchedPage;
let support: WatchedPage;

beforeAll(async () => {
  app = await startE2eApp();
  admin = await app.newPage();
  support = await app.newPage();
});
afterAll(() => app?.close());
beforeEach((context) => {
  onTestFailed(async () => {
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [who, watched] of [
      ['admin', admin],
      ['support', support],
    ] as const) {
      if (watched) await screenshot(watched.page, `failed-contracts-${who}-${name}`).catch(() => undefined);
    }
  });
});

const knex = () => app.db.knex;
const rows = (page: Page) => page.locator('table tbody tr');
const normaliseSpaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

async function waitForListTotal(page: Page, total: number) {
  await page.getByText(new RegExp(`^\\d+-\\d+ sur ${total}$`)).waitFor();
}

/** The clients list searched on one client number: its "Contrats actifs" cell, once it shows `expected`. */
async function activeContractsInList(page: Page, clientNumber: string, expected: number) {
  await page.goto(`${app.url}/#/clients?filter=${encodeURIComponent(JSON.stringify({ q: clientNumber }))}`);
  await waitForListTotal(page, 1);
  const headers = (await page.locator('table thead th').allInnerTexts()).map((text) => text.trim());
  const column = headers.indexOf('Contrats actifs');
  expect(column).toBeGreaterThan(0);
  await expect.poll(async () => (await rows(page).first().locator('td').nth(column).innerText()).trim()).toBe(String(expected));
}

describe('admin', () => {
  it('adds a contract from a client’s page, terminates it, and sees "Contrats actifs" go up then down', async () => {
    const { page } = admin;
    await signIn(page, app.url, 'admin');
    await page.getByRole('columnheader', { name: 'Conseiller référent' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '30-clients-referent-column');

    const { rows: picked } = await knex().raw(
      `SELECT c.id, c.client_number, c.last_name, c.first_name,
              (SELECT count(*)::int FROM contracts k WHERE k.client_id = c.id AND contract_is_active(k.status, k.end_date)) AS active
         FROM clients c
        WHERE EXISTS (SELECT 1 FROM contracts k WHERE k.client_id = c.id AND k.status = 'terminated')
        ORDER BY c.id LIMIT 1`,
    );
    const client = picked[0];
    await activeContractsInList(page, client.client_number, client.active);

    await rows(page).first().click();
    await page.getByRole('tab', { name: 'Contrats' }).click();
    const contractsTab = page.getByTestId('client-contracts');
    await contractsTab.waitFor();
    // Active contracts first, and every contract number is a link to its page.
    const statuses = await contractsTab.locator('tbody .MuiChip-label').allTextContents();
    expect(statuses.indexOf('Résilié') === -1 || statuses.lastIndexOf('Actif') < statuses.indexOf('Résilié')).toBe(true);
    const numberLinks = contractsTab.locator('tbody a[href*="#/contracts/"]');
    await expect(numberLinks.count()).resolves.toBe(await rows(page).count());
    await screenshot(page, '31-client-contracts-tab');

    await page.getByRole('link', { name: 'Ajouter un contrat' }).click();
    await page.locator('input[name="contractNumber"]').waitFor();
    // The client is filled in.
    await expect.poll(() => page.getByRole('combobox', { name: 'Client' }).inputValue()).toBe(`${client.last_name} ${client.first_name}`);
    await page.locator('input[name="contractNumber"]').fill('E2E-CT-0001');
    await page.locator('input[name="product"]').fill('PER Individuel Avenir');
    await page.locator('input[name="insurer"]').fill('AXA');
    await page.locator('input[name="startDate"]').fill('2026-11-02');
    await screenshot(page, '32-contract-create');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/contracts\/\d+\/show$/);
    await page.getByText('Contrat « E2E-CT-0001 » créé').waitFor();
    const created = await knex()('contracts').where({ contract_number: 'E2E-CT-0001' }).first();
    expect(created).toMatchObject({ client_id: client.id, status: 'active', insurer: 'AXA', start_date: '2026-11-02' });
    // Client and advisor are links on the contract's page.
    await page.getByRole('link', { name: `${client.last_name} ${client.first_name}` }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '33-contract-show');

    await activeContractsInList(page, client.client_number, client.active + 1);

    await page.goto(`${app.url}/#/contracts/${created.id}/show`);
    await page.getByRole('button', { name: 'Résilier' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Résilier le contrat « E2E-CT-0001 » ?').waitFor();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    await expect(dialog.locator('input[name="endDate"]').inputValue()).resolves.toBe(today);
    await transitionsDone(page); // the dialog's fade-in, for the screenshot
    await screenshot(page, '34-contract-terminate-dialog');
    await dialog.getByRole('button', { name: 'Résilier' }).click();
    const frenchToday = new Date(`${today}T12:00:00Z`).toLocaleDateString('fr-FR');
    await page.getByText(`Contrat « E2E-CT-0001 » résilié au ${frenchToday}`).waitFor();
    await page.locator('.MuiChip-label', { hasText: 'Résilié' }).first().waitFor();
    await expect(page.getByRole('button', { name: 'Résilier' }).count()).resolves.toBe(0);
    expect(await knex()('contracts').where({ id: created.id }).first()).toMatchObject({ status: 'terminated', end_date: today });
    await transitionsDone(page); // the chip's colour transition, for the screenshot
    await screenshot(page, '35-contract-terminated');

    // Terminated: no longer counted, whatever its end date.
    await activeContractsInList(page, client.client_number, client.active);
    await screenshot(page, '36-clients-active-down');
  });

  it('changes the referent of three selected clients in one request', async () => {
    const { page } = admin;
    const requests: string[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'PUT') requests.push(request.url());
    };
    page.on('request', onRequest);
    try {
      const advisor = await knex()('advisors').where({ last_name: 'Carpentier' }).first();
      const candidates = await knex()('clients').where('client_number', 'like', 'CL01010%').whereNot('advisor_id', advisor.id).orderBy('last_name').orderBy('id');
      expect(candidates.length).toBeGreaterThanOrEqual(3);
      await page.goto(`${app.url}/#/clients?filter=${encodeURIComponent(JSON.stringify({ q: 'CL01010' }))}`);
      const total = await knex()('clients').where('client_number', 'like', 'CL01010%').count<{ count: number }[]>('* as count');
      await waitForListTotal(page, Number(total[0].count));
      const checkboxes = page.locator('table tbody input[type="checkbox"]');
      for (const index of [0, 1, 2]) await checkboxes.nth(index).check();
      const selectedNumbers = await Promise.all([0, 1, 2].map(async (index) => (await rows(page).nth(index).locator('td').nth(3).innerText()).trim()));

      await page.getByRole('button', { name: 'Changer le conseiller référent' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Changer le conseiller référent de 3 clients').waitFor();
      const combobox = dialog.getByRole('combobox', { name: 'Nouveau conseiller référent' });
      await combobox.click();
      await combobox.fill('Carpen');
      await page.getByRole('option', { name: 'Julie Carpentier' }).click();
      await transitionsDone(page);
      await screenshot(page, '37-bulk-referent-dialog');
      await dialog.getByRole('button', { name: 'Appliquer' }).click();
      await page.getByText('Conseiller référent changé pour 3 clients').waitFor();

      expect(requests).toHaveLength(1);
      expect(decodeURIComponent(requests[0])).toMatch(/\/api\/clients\?filter=\{"id":\[\d+,\d+,\d+\]\}$/);
      const updated = await knex()('clients').whereIn('client_number', selectedNumbers).pluck('advisor_id');
      expect(updated).toEqual([advisor.id, advisor.id, advisor.id]);
      // The list shows the new referent on the three rows.
      const headers = (await page.locator('table thead th').allInnerTexts()).map((text) => text.trim());
      const column = headers.indexOf('Conseiller référent');
      for (const number of selectedNumbers) {
        const row = rows(page).filter({ hasText: number });
        await expect.poll(async () => (await row.locator('td').nth(column).innerText()).trim()).toBe('Julie Carpentier');
      }
      await page.waitForLoadState('networkidle');
      await screenshot(page, '38-bulk-referent-done');
      const audit = await knex()('audit_entries')
        .where({ record_type: 'client', action: 'update' })
        .whereIn(
          'record_id',
          candidates.slice(0, 3).map((c) => c.id),
        );
      expect(audit.length).toBeGreaterThanOrEqual(1);
    } finally {
      page.off('request', onRequest);
    }
  });

  it('shows the contract’s changes in the history, with French field names and statuses', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/audit-entries?filter=${encodeURIComponent(JSON.stringify({ recordType: 'contract' }))}`);
    const update = rows(page).filter({ hasText: 'Modification' }).first();
    await update.waitFor();
    const text = normaliseSpaces(await update.innerText());
    expect(text).toContain('Contrat E2E-CT-0001');
    expect(text).toContain('Statut Actif Résilié');
    expect(text).toContain('Date de fin');
    // Ids and dates read as the pages show them: the client by name, dates in French.
    const creation = normaliseSpaces(await rows(page).filter({ hasText: 'Création' }).first().innerText());
    expect(creation).toMatch(/Client [A-ZÉ][a-zé]+ [A-ZÉ]/);
    expect(creation).toContain('Date d’effet 02/11/2026');
    await update.getByRole('link', { name: 'E2E-CT-0001' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '45-history-contracts');
  });

  it('shows the client’s advisors with their active contracts', async () => {
    const { page } = admin;
    const { rows: picked } = await knex().raw(`SELECT c.id FROM clients c WHERE EXISTS (SELECT 1 FROM contracts k WHERE k.client_id = c.id AND k.advisor_id <> c.advisor_id) ORDER BY c.id LIMIT 1`);
    await page.goto(`${app.url}/#/clients/${picked[0].id}/show/advisor`);
    const table = page.getByTestId('client-advisors');
    await table.waitFor();
    const first = normaliseSpaces(await table.locator('tbody tr').first().innerText());
    expect(first).toContain('Référent');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, '39-client-advisors');
  });

  it('filters commissions by period and insurer, with the database’s total above the list', async () => {
    const { page } = admin;
    const filter = { dateFrom: '2025-01-01', dateTo: '2025-06-30', insurer: 'AXA' };
    await page.goto(`${app.url}/#/commissions?filter=${encodeURIComponent(JSON.stringify(filter))}`);
    const { rows: expected } = await knex().raw(
      `SELECT count(*)::int AS n, coalesce(sum(m.amount), 0)::text AS total FROM commissions m JOIN contracts k ON k.id = m.contract_id
        WHERE m.date BETWEEN '2025-01-01' AND '2025-06-30' AND lower(k.insurer) = 'axa'`,
    );
    const amount = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(Number(expected[0].total));
    const total = page.getByTestId('commissions-filtered-total');
    await expect.poll(async () => normaliseSpaces(await total.innerText())).toBe(normaliseSpaces(`Total : ${amount} (${expected[0].n} lignes)`));
    await waitForListTotal(page, expected[0].n);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '40-commissions-filtered');

    // The export follows the filters: every filtered line, amounts adding up to the same total.
    await page.getByRole('button', { name: 'Exporter' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Exporter en CSV' }).click()]);
    const records = Papa.parse<string[]>(fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;
    expect(records[0]).toEqual(['Date', 'Client', 'Numéro client (relevé)', 'Libellé', 'Contrat', 'Assureur', 'Conseiller', 'Montant', 'Origine']);
    expect(records).toHaveLength(expected[0].n + 1);
    const cents = records.slice(1).reduce((sum, record) => sum + Math.round(Number(record[7].replace(',', '.')) * 100), 0);
    expect(cents).toBe(Math.round(Number(expected[0].total) * 100));
    expect(records.slice(1).every((record) => record[5] === 'AXA' && /^AXA-\d+$/.test(record[4]))).toBe(true);
  });
});

describe('commissions', () => {
  it('adds a line by hand from a contract’s page, the amount typed with a French comma; the contract’s total follows', async () => {
    const { page } = admin;
    const contract = await knex()('contracts').where({ status: 'active' }).whereNotNull('client_id').orderBy('id').first();
    const before = await knex()('commissions').where({ contract_id: contract.id }).select(knex().raw('count(*)::int AS n, coalesce(sum(amount), 0)::numeric AS total')).first();
    await page.goto(`${app.url}/#/contracts/${contract.id}/show`);
    await page.getByRole('link', { name: 'Ajouter une commission' }).click();
    const amount = page.locator('input[name="amount"]');
    await amount.waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Contrat' }).inputValue()).toBe(contract.contract_number);
    await page.locator('input[name="date"]').fill('2026-10-31');
    // Typed key by key, as a person does: the browser's number input dropped this comma (123 456,00 €).
    // Dots and a comma together mean thousands in one language and decimals in the other: refused.
    await amount.pressSequentially('1.234,56');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Montant ambigu : une seule virgule pour les décimales').waitFor();
    await amount.fill('');
    await amount.pressSequentially('1234,56');
    await page.locator('input[name="label"]').fill('Ligne oubliée du relevé d’octobre');
    // Once typed, the amount is shown as it was read.
    expect(await amount.inputValue()).toBe('1\u202f234,56');
    await screenshot(page, '42-commission-create');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/commissions\/\d+\/show$/);
    await page.getByText(/^Commission de 1[\s\u202f]234,56[\s\u00a0]€ ajoutée$/).waitFor();
    const line = await knex()('commissions').where({ contract_id: contract.id, label: 'Ligne oubliée du relevé d’octobre' }).first();
    expect(line).toMatchObject({ source: 'manual', amount: '1234.56', client_id: contract.client_id, advisor_id: contract.advisor_id });
    const fromApi = await page.evaluate(async (id) => (await fetch(`/api/commissions/${id}`)).json(), line.id);
    expect(fromApi.amount).toBe('1234.56');
    expect(normaliseSpaces(await page.locator('.RaShow-main').innerText())).toContain('1 234,56 €');
    // Lines entered by hand can be corrected; the page says where the line comes from.
    await page.getByRole('link', { name: 'Modifier' }).waitFor();
    await page.getByText('Saisie manuelle').waitFor();
    await screenshot(page, '43-commission-manual-show');
    // The edit form shows the stored amount the French way, and reads a grouped one back exactly.
    await page.getByRole('link', { name: 'Modifier' }).click();
    await expect.poll(() => amount.inputValue()).toBe('1\u202f234,56');
    await amount.fill('');
    await amount.pressSequentially('1 234,5');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/commissions\/\d+\/show$/);
    await expect.poll(async () => (await knex()('commissions').where({ id: line.id }).first()).amount).toBe('1234.50');

    await page.goto(`${app.url}/#/contracts/${contract.id}/show`);
    const total = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(Number(before.total) + 1234.5);
    await expect.poll(async () => normaliseSpaces(await page.getByTestId('commission-total').innerText())).toBe(normaliseSpaces(`Total : ${total} (${before.n + 1} lignes)`));
  });

  it('shows the name and number a line was recorded with once its client is deleted, marked "client supprimé"', async () => {
    const { page } = admin;
    const { rows: picked } = await knex().raw(
      `SELECT c.id, c.client_number, c.last_name, c.first_name FROM clients c WHERE EXISTS (SELECT 1 FROM commissions m WHERE m.client_id = c.id) ORDER BY c.id DESC LIMIT 1`,
    );
    const client = picked[0];
    await knex()('clients').where({ id: client.id }).delete();
    await page.goto(`${app.url}/#/commissions?filter=${encodeURIComponent(JSON.stringify({ q: client.client_number }))}`);
    const cell = page.getByTestId('deleted-client').first();
    await cell.waitFor();
    expect(normaliseSpaces(await cell.innerText())).toBe(`${client.last_name} ${client.first_name} (${client.client_number}) — client supprimé`);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '44-commissions-deleted-client');
    await rows(page).first().click();
    await page.waitForURL(/#\/commissions\/\d+\/show$/);
    // Until the list has left the page, its own marks are still there: wait for the page's one.
    await expect.poll(() => page.getByTestId('deleted-client').count()).toBe(1);
    // An imported (here: seeded) line is read-only, and says so.
    await page.getByText('Ligne issue d’un import de relevé').waitFor();
    await expect(page.getByRole('link', { name: 'Modifier' }).count()).resolves.toBe(0);
  });
});

describe('support staff', () => {
  it('sees contracts and clients without any write action', async () => {
    const { page } = support;
    await signIn(page, app.url, 'support');
    await page.getByRole('columnheader', { name: 'Conseiller référent' }).waitFor();
    await expect(page.locator('table tbody input[type="checkbox"]').count()).resolves.toBe(0);
    const contract = await knex()('contracts').where({ status: 'active' }).orderBy('id').first();
    await page.goto(`${app.url}/#/contracts/${contract.id}/show`);
    await page.getByText(contract.contract_number).first().waitFor();
    await page.waitForLoadState('networkidle');
    for (const name of ['Modifier', 'Résilier', 'Supprimer']) await expect(page.getByRole('button', { name }).count(), name).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Modifier' }).count()).resolves.toBe(0);
    await page.goto(`${app.url}/#/clients/${contract.client_id}/show/contracts`);
    await page.getByTestId('client-contracts').waitFor();
    await expect(page.getByRole('link', { name: 'Ajouter un contrat' }).count()).resolves.toBe(0);
    await screenshot(page, '41-support-client-contracts');
  });
});

describe('browser console', () => {
  it('has no errors', () => {
    expect(admin.errors).toEqual([]);
    expect(support.errors).toEqual([]);
  });
});
