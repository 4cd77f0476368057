import fs from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { transitionsDone } from './support/pageChecks';
import { E2E_USERS, screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * The Clients page in a real browser, against the real API and database, as the user
 * documentation describes it. One Chromium for the file; one page per user, reused.
 */
let app: E2eApp;
let support: WatchedPage;
let admin: WatchedPage;
/** Console errors a test provokes on purpose (the browser logs refused requests, e.g. the 409). */
const expectedErrors = new Set<string>();

beforeAll(async () => {
  app = await startE2eApp();
  support = await app.newPage();
  admin = await app.newPage();
});
afterAll(() => app?.close());
beforeEach((context) => {
  onTestFailed(async () => {
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [who, watched] of [
      ['admin', admin],
      ['support', support],
    ] as const) {
      if (watched) await screenshot(watched.page, `failed-${who}-${name}`).catch(() => undefined);
    }
  });
});

const knex = () => app.db.knex;
const rows = (page: Page) => page.locator('table tbody tr');
const normaliseSpaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

async function waitForListTotal(page: Page, total: number) {
  await page.getByText(new RegExp(`^\\d+-\\d+ sur ${total}$`)).waitFor();
}

async function searchClients(page: Page, text: string) {
  const search = page.getByPlaceholder('Rechercher un client…');
  await search.fill(text);
}

describe('support staff (read only)', () => {
  it('signs in on the French login page', async () => {
    const { page } = support;
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Connexion' }).waitFor();
    await expect(page.getByText('Back-office Conance').isVisible()).resolves.toBe(true);
    await screenshot(page, '01-login');

    // Wrong password: a French message, still on the login page.
    await page.locator('input[name="email"]').fill(E2E_USERS.support.email);
    await page.locator('input[name="password"]').fill('not the password');
    expectedErrors.add('401');
    await page.getByRole('button', { name: 'Connexion' }).click();
    await page.getByText('Email ou mot de passe incorrect.').waitFor();

    await signIn(page, app.url, 'support');
    await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
    await expect(page.getByText(E2E_USERS.support.fullName).isVisible()).resolves.toBe(true);
  });

  it('sees the spec columns with French phone numbers, and no create, edit, delete or users', async () => {
    const { page } = support;
    const [{ count }] = await knex()('clients').count<{ count: number }[]>('* as count');
    await waitForListTotal(page, Number(count));
    const headers = (await page.locator('table thead th').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    expect(headers).toEqual(['Nom', 'Prénom', 'Numéro client', 'Email', 'Téléphone', 'Contrats actifs', 'Conseiller référent']);
    await expect.poll(() => rows(page).count()).toBe(25);
    // Phones are stored +336…, shown as 06 xx xx xx xx.
    const phones = await page.locator('table tbody a[href^="tel:"]').allTextContents();
    expect(phones.length).toBeGreaterThan(0);
    for (const phone of phones) expect(phone).toMatch(/^0\d( \d\d){4}$/);

    await expect(page.getByRole('link', { name: 'Nouveau client' }).count()).resolves.toBe(0);
    await expect(page.locator('table tbody input[type="checkbox"]').count()).resolves.toBe(0);
    await expect(page.getByRole('menuitem', { name: 'Utilisateurs' }).count()).resolves.toBe(0);
    await expect(page.getByRole('menuitem', { name: 'Clients' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '02-list-support');
  });

  it('searches a client the way support does on the phone: by number, name or phone digits', async () => {
    const { page } = support;
    const client = await knex()('clients').whereNotNull('phone').orderBy('id').first();
    await searchClients(page, client.client_number);
    await waitForListTotal(page, 1);
    await expect(rows(page).first().innerText()).resolves.toContain(client.last_name);

    // The phone as said on the phone: national format with spaces.
    const national = `0${client.phone.slice(3)}`.replace(/(\d\d)(?=\d)/g, '$1 ');
    await searchClients(page, national);
    await waitForListTotal(page, 1);
    await expect(rows(page).first().innerText()).resolves.toContain(client.client_number);

    await rows(page).first().click();
    await page.getByRole('tab', { name: 'Informations' }).waitFor();
    await page.getByText(client.client_number).waitFor();
    await expect(page.getByRole('link', { name: 'Modifier' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Supprimer' }).count()).resolves.toBe(0);
  });

  it('shows close spellings under « Orthographes proches », below the exact matches', async () => {
    const { page } = support;
    await knex()('clients').insert([
      { last_name: 'Kerbras', first_name: 'Anne' },
      { last_name: 'Kerbrat', first_name: 'Gwenaëlle' },
    ]);
    await page.goto(`${app.url}/#/clients`);
    await searchClients(page, 'Kerbras');
    await waitForListTotal(page, 2);
    await expect
      .poll(() =>
        rows(page)
          .allInnerTexts()
          .then((texts) => texts.map((text) => normaliseSpaces(text).split(' ').slice(0, 2).join(' '))),
      )
      .toEqual(['Kerbras Anne', 'Orthographes proches', 'Kerbrat Gwenaëlle']);
  });

  it('cannot open the create form nor the users page', async () => {
    const { page } = support;
    await page.goto(`${app.url}/#/clients/create`);
    await page.getByText("Vous n'avez pas les droits d'accès à cette page").waitFor();
    await expect(page.locator('input[name="lastName"]').count()).resolves.toBe(0);
    await page.goto(`${app.url}/#/users`);
    await page.getByText("Vous n'avez pas les droits d'accès à cette page").waitFor();
  });
});

describe('admin', () => {
  it('signs in and sees the users menu and the create button', async () => {
    const { page } = admin;
    await signIn(page, app.url, 'admin');
    await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
    await page.getByRole('menuitem', { name: 'Utilisateurs' }).waitFor();
    await page.getByRole('link', { name: 'Nouveau client' }).waitFor();
    await expect(page.getByText(E2E_USERS.admin.fullName).isVisible()).resolves.toBe(true);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '03-list-admin');
  });

  it('filters by advisor (referent or through a contract)', async () => {
    const { page } = admin;
    const advisor = await knex()('advisors').where({ last_name: 'Fontaine' }).first();
    const { rows: expected } = await knex().raw(
      'SELECT count(*)::int AS n FROM (SELECT id FROM clients WHERE advisor_id = ? UNION SELECT client_id FROM contracts WHERE advisor_id = ? AND client_id IS NOT NULL) x',
      [advisor.id, advisor.id],
    );
    const combobox = page.getByRole('combobox', { name: 'Conseiller' });
    await combobox.click();
    await combobox.fill('Fontai');
    await page.getByRole('option', { name: 'Claire Fontaine' }).click();
    await waitForListTotal(page, expected[0].n);
    expect(page.url()).toContain('advisorId');
    await screenshot(page, '04-list-advisor-filter');

    // Back to the whole list.
    await page.goto(`${app.url}/#/clients?filter=%7B%7D`);
    const [{ count }] = await knex()('clients').count<{ count: number }[]>('* as count');
    await waitForListTotal(page, Number(count));
  });

  it('creates a client: required name, duplicate warning, number already used shown inline, then success', async () => {
    const { page, errors } = admin;
    const existing = await knex()('clients').whereNotNull('email').orderBy('id').offset(3).first();
    await page.getByRole('link', { name: 'Nouveau client' }).click();
    await page.locator('input[name="lastName"]').waitFor();

    // Client-side validation: Nom is required, the email must look like one.
    await page.locator('input[name="email"]').fill('pas-un-email');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Ce champ est requis').waitFor();
    await page.getByText('Adresse email invalide').waitFor();

    // Typed without the accents: the warning lists the existing client, with a link to it.
    const unaccented = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    await page.locator('input[name="lastName"]').fill(unaccented(existing.last_name));
    await page.locator('input[name="firstName"]').fill(unaccented(existing.first_name));
    await page.locator('input[name="email"]').fill('nouveau.client@exemple.fr');
    await page.locator('input[name="phone"]').fill('06 12 34 56 78');
    await page.locator('textarea[name="address"]').fill('12 rue Pasteur\n69003 Lyon');
    const warning = page.getByTestId('similar-clients');
    await warning.getByText('Client déjà existant ?').waitFor();
    const link = warning.getByRole('link', { name: new RegExp(`${existing.last_name} ${existing.first_name} · ${existing.client_number}`) });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/clients/${existing.id}/show`);
    await screenshot(page, '05-create-duplicate-warning');

    // The number is taken: the server's 409 shows under "Numéro client", the form stays.
    await page.locator('input[name="clientNumber"]').fill(existing.client_number);
    expectedErrors.add('409');
    const before = errors.length;
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const numberField = page.locator('.MuiFormControl-root', { has: page.locator('input[name="clientNumber"]') });
    await numberField.getByText(/Numéro déjà utilisé par/).waitFor();
    expect(errors.slice(before).every((error) => error.includes('409'))).toBe(true);
    await screenshot(page, '06-create-number-taken');

    // Saving is never blocked by the duplicate warning.
    await page.locator('input[name="clientNumber"]').fill('E2E-0001');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/clients\/\d+\/show$/);
    await page.getByRole('tab', { name: 'Informations' }).waitFor();
    await page.getByText('E2E-0001').waitFor();
    await page.getByText('06 12 34 56 78').waitFor();
    const created = await knex()('clients').where({ client_number: 'E2E-0001' }).first();
    expect(created).toMatchObject({ last_name: unaccented(existing.last_name), email: 'nouveau.client@exemple.fr', phone: '+33612345678', address: '12 rue Pasteur\n69003 Lyon' });
  });

  it('edits the client and shows the change in its history, before → after', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Modifier' }).click();
    const email = page.locator('input[name="email"]');
    await email.waitFor();
    await expect(email.inputValue()).resolves.toBe('nouveau.client@exemple.fr');
    await expect(page.locator('input[name="phone"]').inputValue()).resolves.toBe('06 12 34 56 78');
    await email.fill('client.modifie@exemple.fr');
    // Pick a referent advisor by name.
    const advisorInput = page.getByRole('combobox', { name: 'Conseiller référent' });
    await advisorInput.click();
    await advisorInput.fill('Benali');
    await page.getByRole('option', { name: 'Karim Benali' }).click();
    await screenshot(page, '07-edit');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/clients\/\d+\/show$/);
    await page.getByText('client.modifie@exemple.fr').waitFor();

    await page.getByRole('tab', { name: 'Historique' }).click();
    const history = page.getByTestId('client-history');
    const update = history.locator('tbody tr', { hasText: 'Modification' });
    await update.waitFor();
    const text = normaliseSpaces(await update.innerText());
    expect(text).toContain(E2E_USERS.admin.fullName);
    expect(text).toContain('nouveau.client@exemple.fr');
    expect(text).toContain('client.modifie@exemple.fr');
    // The advisor appears by name, not by id.
    expect(text).toContain('Karim Benali');
    await expect(history.locator('tbody tr', { hasText: 'Création' }).count()).resolves.toBe(1);
    await screenshot(page, '08-show-history');
  });

  it('shows a client’s contracts, commissions with their total, and referent advisor', async () => {
    const { page } = admin;
    const { rows: top } = await knex().raw(
      `SELECT c.id, c.last_name, c.first_name, c.advisor_id, count(m.id)::int AS n, sum(m.amount)::text AS total
         FROM clients c JOIN commissions m ON m.client_id = c.id GROUP BY c.id ORDER BY n DESC, c.id LIMIT 1`,
    );
    const client = top[0];
    const contracts = await knex()('contracts').where({ client_id: client.id });
    const advisor = await knex()('advisors').where({ id: client.advisor_id }).first();

    await page.goto(`${app.url}/#/clients/${client.id}/show`);
    await page.getByText(`Client ${client.last_name} ${client.first_name}`).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '09-show-info');

    await page.getByRole('tab', { name: 'Contrats' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(Math.min(contracts.length, 10));
    for (const contract of contracts.slice(0, 3)) await page.getByText(contract.contract_number).waitFor();
    const statusLabels = await page.locator('table tbody .MuiChip-label').allTextContents();
    expect(statusLabels.sort()).toEqual(
      contracts
        .slice(0, 10)
        .map((c) => (c.status === 'active' ? 'Actif' : 'Résilié'))
        .sort(),
    );
    await screenshot(page, '10-show-contracts');

    await page.getByRole('tab', { name: 'Commissions' }).click();
    const total = page.getByTestId('commission-total');
    await total.waitFor();
    const expectedTotal = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(Number(client.total));
    expect(normaliseSpaces(await total.innerText())).toBe(normaliseSpaces(`Total des commissions : ${expectedTotal} (${client.n} lignes)`));
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(Math.min(client.n, 10));
    await screenshot(page, '11-show-commissions');

    await page.getByRole('tab', { name: 'Conseiller' }).click();
    const referent = page.getByTestId('referent-advisor');
    await referent.waitFor();
    expect(normaliseSpaces(await referent.innerText())).toContain(`${advisor.first_name} ${advisor.last_name}`);
    await screenshot(page, '12-show-advisor');

    // Every link leads somewhere: the advisor's own page.
    await referent.getByRole('link', { name: `${advisor.first_name} ${advisor.last_name}` }).click();
    await page.waitForURL(new RegExp(`#/advisors/${advisor.id}/show$`));
    await page.getByText(advisor.email).first().waitFor();
  });

  it('deletes a client after a confirmation that says what happens to contracts and commissions', async () => {
    const { page } = admin;
    const { rows: top } = await knex().raw(
      `SELECT c.id, c.last_name, c.first_name FROM clients c WHERE EXISTS (SELECT 1 FROM contracts k WHERE k.client_id = c.id)
          AND EXISTS (SELECT 1 FROM commissions m WHERE m.client_id = c.id) ORDER BY c.id DESC LIMIT 1`,
    );
    const client = top[0];
    const contractIds = (await knex()('contracts').where({ client_id: client.id })).map((c) => c.id);
    const [{ count: commissionCount }] = await knex()('commissions').where({ client_id: client.id }).count<{ count: number }[]>('* as count');

    await page.goto(`${app.url}/#/clients/${client.id}/show`);
    await page.getByRole('button', { name: 'Supprimer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Supprimer le client « ${client.last_name} ${client.first_name} » ?`).waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('contrats seront dissociés');
    // Counted by the database for this client.
    await dialog
      .getByTestId('unlink-summary')
      .getByText(/sans lien/)
      .waitFor();
    const counts = normaliseSpaces(await dialog.getByTestId('unlink-summary').innerText());
    expect(counts).toMatch(new RegExp(`^${contractIds.length} contrats? (sera|seront) détachés?, ${commissionCount} commissions? conservées? sans lien\\.$`));
    await transitionsDone(page); // the dialog's fade-in, for the screenshot
    await screenshot(page, '13-delete-confirm');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await page.waitForURL(/#\/clients(\?.*)?$/);
    await page.getByText('Client supprimé').waitFor();

    expect(await knex()('clients').where({ id: client.id }).first()).toBeUndefined();
    const unlinked = await knex()('contracts').whereIn('id', contractIds);
    expect(unlinked.every((c) => c.client_id === null)).toBe(true);
    const kept = await knex()('commissions')
      .where({ client_name: `${client.last_name} ${client.first_name}` })
      .whereNull('client_id');
    expect(kept.length).toBeGreaterThanOrEqual(Number(commissionCount));
  });

  it('deletes a selection in one atomic request after confirmation', async () => {
    const { page } = admin;
    const deleteRequests: string[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === 'DELETE') deleteRequests.push(request.url());
    };
    page.on('request', onRequest);
    try {
      await searchClients(page, 'CL01019');
      const matching = await knex()('clients').where('client_number', 'like', 'CL01019%').orderBy('last_name');
      await waitForListTotal(page, matching.length);
      const checkboxes = page.locator('table tbody input[type="checkbox"]');
      for (const index of [0, 1, 2]) await checkboxes.nth(index).check();
      const selectedNumbers = await Promise.all([0, 1, 2].map(async (index) => (await rows(page).nth(index).locator('td').nth(3).innerText()).trim()));

      await page.getByRole('button', { name: 'Supprimer la sélection' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Supprimer 3 clients ?').waitFor();
      expect(await dialog.innerText()).toContain('tous ou aucun');
      await transitionsDone(page);
      await screenshot(page, '14-bulk-delete-confirm');
      await dialog.getByRole('button', { name: 'Confirmer' }).click();
      await waitForListTotal(page, matching.length - 3);

      expect(deleteRequests).toHaveLength(1);
      expect(decodeURIComponent(deleteRequests[0])).toMatch(/\/api\/clients\?filter=\{"id":\[\d+,\d+,\d+\]\}$/);
      const left = await knex()('clients').whereIn('client_number', selectedNumbers);
      expect(left).toHaveLength(0);
    } finally {
      page.off('request', onRequest);
    }
  });

  it('exports the filtered list as CSV and Excel', async () => {
    const { page } = admin;
    // A client whose name would run a command in a spreadsheet (CSV injection), with a phone and a referent.
    const referent = await knex()('advisors').orderBy('id').first();
    const hostile = { last_name: "=Martin+cmd|' /C calc'!A0", first_name: '+1+cmd', client_number: 'CL999999', phone: '+33612345678', advisor_id: referent.id };
    await knex()('clients').insert(hostile);
    await searchClients(page, 'Martin');
    const { rows: expected } = await knex().raw(`SELECT count(*)::int AS n FROM clients WHERE search_text LIKE '%martin%'`);
    await waitForListTotal(page, expected[0].n);

    await page.getByRole('button', { name: 'Exporter' }).click();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Exporter en CSV' }).click()]);
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Nom;Prénom;Numéro client;Email;Téléphone;Adresse;Conseiller référent;Contrats actifs;Créé le');
    // Addresses are multi-line and quoted: count records by their client number instead of lines.
    expect(csv.match(/;CL\d{6};/g)?.length).toBe(expected[0].n);
    const records = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data.slice(1);
    expect(records).toHaveLength(expected[0].n);
    const hostileRecord = records.find((record) => record[2] === 'CL999999')!;
    expect(hostileRecord.slice(0, 2)).toEqual([`'${hostile.last_name}`, `'${hostile.first_name}`]);
    expect(hostileRecord[4]).toBe('06 12 34 56 78');
    expect(hostileRecord[6]).toBe(`${referent.first_name} ${referent.last_name}`);
    // Every client: the phone as shown in the list, the referent advisor by name.
    const byNumber = new Map(
      (
        await knex()('clients as c')
          .leftJoin('advisors as a', 'a.id', 'c.advisor_id')
          .whereIn(
            'c.client_number',
            records.map((record) => record[2].replace(/^'/, '')),
          )
          .select('c.client_number', 'c.phone', 'a.first_name', 'a.last_name')
      ).map((row) => [row.client_number, row]),
    );
    for (const record of records) {
      const stored = byNumber.get(record[2].replace(/^'/, ''));
      expect(stored, record[2]).toBeDefined();
      expect(record[4], record[2]).toBe(stored.phone ? `0${stored.phone.slice(3)}`.replace(/(\d\d)(?=\d)/g, '$1 ') : '');
      expect(record[6], record[2]).toBe(stored.first_name ? `${stored.first_name} ${stored.last_name}` : '');
    }

    await page.getByRole('button', { name: 'Exporter' }).click();
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Exporter en Excel' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^clients-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsxDownload.path());
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Nom');
    expect(sheet.actualRowCount).toBe(expected[0].n + 1);
    expect(String(sheet.getRow(2).getCell(1).value)).toMatch(/Martin/);
    const hostileRow = sheet.getRows(2, sheet.actualRowCount - 1)!.find((row) => row.getCell(3).value === 'CL999999')!;
    expect([hostileRow.getCell(1).value, hostileRow.getCell(2).value, hostileRow.getCell(5).value]).toEqual([`'${hostile.last_name}`, `'${hostile.first_name}`, '06 12 34 56 78']);
  });

  it('switches the interface to English and back', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: /Français/i }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('columnheader', { name: 'Last name' }).waitFor();
    await page.getByRole('link', { name: 'New client' }).waitFor();
    await screenshot(page, '15-list-english');
    await page.getByRole('button', { name: /English/i }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
  });

  it('manages users: create a support account, then promote and deactivate it', async () => {
    const { page } = admin;
    await page.getByRole('menuitem', { name: 'Utilisateurs' }).click();
    await page.getByText(E2E_USERS.support.email).waitFor();
    await page.getByRole('link', { name: 'Créer' }).click();
    await page.locator('input[name="fullName"]').fill('Zoé Nouvelle');
    await page.locator('input[name="email"]').fill('zoe.nouvelle@e2e.fr');
    await page.locator('input[name="password"]').fill('court');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le mot de passe doit contenir au moins 10 caractères.').waitFor();
    await page.locator('input[name="password"]').fill('un-mot-de-passe-solide');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('zoe.nouvelle@e2e.fr').waitFor();
    expect(await knex()('users').where({ email: 'zoe.nouvelle@e2e.fr' }).first()).toMatchObject({ role: 'support', active: true });

    await page.getByText('Zoé Nouvelle').click();
    await page.locator('input[name="fullName"]').waitFor();
    await page.getByRole('combobox', { name: 'Rôle' }).click();
    await page.getByRole('option', { name: 'Administrateur' }).click();
    await page.getByLabel('Actif').uncheck();
    await screenshot(page, '16-user-edit');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/users$/);
    await expect.poll(async () => knex()('users').where({ email: 'zoe.nouvelle@e2e.fr' }).first()).toMatchObject({ role: 'admin', active: false });
    await screenshot(page, '17-users');
  });

  it('browses advisors, contracts, commissions and the history from the menu', async () => {
    const { page } = admin;
    const pages: [string, string[], string][] = [
      ['Conseillers', ['Nom', 'Prénom', 'Email'], '21-advisors'],
      ['Contrats', ['Numéro de contrat', 'Client', 'Produit', 'Assureur', 'Statut', 'Date d’effet', 'Date de fin', 'Conseiller'], '22-contracts'],
      ['Commissions', ['Date', 'Client', 'Libellé', 'Contrat', 'Montant'], '23-commissions'],
      ['Historique', ['Date', 'Par', 'Action', 'Élément', 'Modifications'], '24-audit'],
    ];
    for (const [menu, headers, shot] of pages) {
      await page.getByRole('menuitem', { name: menu }).click();
      const headerTexts = async () => (await page.locator('table thead th').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
      await expect.poll(headerTexts, { message: menu, timeout: 15_000 }).toEqual(headers);
      await page.waitForLoadState('networkidle');
      // References are shown by name, never as raw ids: cell by cell (a row's text is tab-separated).
      const cells = (await rows(page).first().locator('td').allInnerTexts()).map((text) => text.trim());
      for (const cell of cells) expect(cell, `${menu}: ${cells.join(' | ')}`).not.toMatch(/^\d+$/);
      await screenshot(page, shot);
    }
    // A contract's page, reached from the list.
    await page.getByRole('menuitem', { name: 'Contrats' }).click();
    await page.getByRole('columnheader', { name: 'Numéro de contrat' }).waitFor();
    const contractNumber = (await rows(page).first().locator('td').first().innerText()).trim();
    await rows(page).first().locator('td').first().click();
    await page.waitForURL(/#\/contracts\/\d+\/show$/);
    await page.getByText(contractNumber).first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '25-contract-show');
  });

  it('fits a tablet screen (800 px wide)', async () => {
    const tablet = await app.newPage({ viewport: { width: 800, height: 1100 } });
    try {
      const { page } = tablet;
      await signIn(page, app.url, 'admin');
      await page.getByRole('columnheader', { name: 'Numéro client' }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, '18-tablet-list');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await rows(page).first().click();
      await page.getByRole('tab', { name: 'Historique' }).waitFor();
      await screenshot(page, '19-tablet-show');
      await page.goto(`${app.url}/#/clients/create`);
      await page.locator('input[name="lastName"]').waitFor();
      await screenshot(page, '20-tablet-create');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      expect(tablet.errors).toEqual([]);
    } finally {
      await tablet.context.close();
    }
  });
});

describe('browser console', () => {
  it('has no errors apart from the refusals the tests provoked', () => {
    const unexpected = (errors: string[]) =>
      errors.filter((error) => {
        const status = /^(?:console: Failed to load resource: the server responded with a status of|http:) (\d+)/.exec(error)?.[1];
        return !(status && expectedErrors.has(status));
      });
    expect(unexpected(support.errors)).toEqual([]);
    expect(unexpected(admin.errors)).toEqual([]);
  });
});
