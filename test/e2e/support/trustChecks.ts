import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { UserService } from '../../../api/users/userService';
import { transitionsDone } from './pageChecks';
import { E2E_USERS, screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './e2eApp';

/**
 * In a real browser, at desktop (1400×900) and phone (390×844) sizes: French order,
 * saves that never say they worked when they did not (expired session, someone else's change),
 * the unsaved-changes prompt, the delete dialogs' counts, the phone layout and small things.
 * One test file per size (trust.desktop, trust.phone), each with its own app and database, so
 * that the two sizes run side by side.
 */

// Created in this order on purpose (same last name: reverse first-name order).
const NAMES: Array<[string, string]> = [
  ['Zola', 'Émile'],
  ['Martin', 'Zoé'],
  ['Bonnet', 'Paul'],
  ['Østergaard', 'Lars'],
  ['Bénard', 'Luc'],
  ['DUBREUIL', 'Marc'],
  ['Éluard', 'Paul'],
  ['Bernard', 'Anne'],
  ['Àlvarez', 'Rosa'],
  ['David', 'Jean'],
  ['Martin', 'Anne'],
  ['Ébrard', 'Lise'],
  ['Bertrand', 'Yves'],
  ['Blanc', 'Hugo'],
  ['André', 'Marie'],
  ['Bellec', 'Yann'],
];
const FRENCH_ORDER = [
  'Àlvarez Rosa',
  'André Marie',
  'Bellec Yann',
  'Bénard Luc',
  'Bernard Anne',
  'Bertrand Yves',
  'Blanc Hugo',
  'Bonnet Paul',
  'David Jean',
  'DUBREUIL Marc',
  'Ébrard Lise',
  'Éluard Paul',
  'Martin Anne',
  'Martin Zoé',
  'Østergaard Lars',
  'Zola Émile',
];
const OTHER_ADMIN = { email: 'bruno@e2e.fr', password: 'bruno-password-e2e', fullName: 'Bruno Bureau', role: 'admin' as const };

const VIEWPORTS = {
  desktop: { width: 1400, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

let app: E2eApp;
const knex = () => app.db.knex;

function startTrustApp() {
  beforeAll(async () => {
    app = await startE2eApp();
    await new UserService(knex()).create(OTHER_ADMIN);
    // Only the names in the list: the demo clients go (their contracts and commissions stay, unlinked).
    await knex()('clients').delete();
    for (const [lastName, firstName] of NAMES) await knex()('clients').insert({ last_name: lastName, first_name: firstName });
  });
  afterAll(() => app?.close());
}

/** Every snackbar text the page shows from now on, recorded as it appears (to prove that one never appeared). */
async function recordToasts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __toasts: string[] }).__toasts = []);
    // A toast already on screen (the previous step's) is not one of this step's.
    const before = new Set([...document.querySelectorAll('.MuiSnackbar-root')].map((toast) => (toast as HTMLElement).innerText));
    new MutationObserver(() => {
      for (const toast of document.querySelectorAll('.MuiSnackbar-root')) {
        const text = (toast as HTMLElement).innerText;
        if (text && !seen.includes(text) && !before.has(text)) seen.push(text);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}
/** On a phone the toasts sit over the form's bottom toolbar: wait for the last one to go before clicking it. */
async function noToast(page: Page) {
  // MUI pauses a toast's timer while the pointer is over it (where the last click was).
  await page.mouse.move(0, 0);
  await page.locator('.MuiSnackbar-root').waitFor({ state: 'detached', timeout: 15_000 });
}
const toastsSeen = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __toasts?: string[] }).__toasts ?? []);

async function clientId(lastName: string, firstName: string): Promise<number> {
  return (await knex()('clients').where({ last_name: lastName, first_name: firstName }).first()).id;
}

/** The checks at one size, on an app of the test file's own. */
export function describeTrustAt(size: keyof typeof VIEWPORTS) {
  startTrustApp();
  describe(`at ${size} size`, () => describeAt(size, VIEWPORTS[size]));
}

function describeAt(size: keyof typeof VIEWPORTS, viewport: (typeof VIEWPORTS)[keyof typeof VIEWPORTS]) {
  let admin: WatchedPage;
  const phone = size === 'phone';
  const shot = (name: string) => screenshot(admin.page, `trust-${size}-${name}`);
  /** A test that only means something at one size is defined at that size only, not reported as skipped at the other. */
  const itAt = (when: boolean) => (when ? it : ((() => undefined) as unknown as typeof it));

  beforeAll(async () => {
    admin = await app.newPage({ viewport });
    await signIn(admin.page, app.url, 'admin');
    await admin.page.waitForFunction(() => !window.location.hash.startsWith('#/login'));
  });
  beforeEach(async (context) => {
    // Each test starts from a fresh document: a hash change inside the previous test's app, while
    // one of its forms still holds changes, meets react-router's unsaved-changes blocker mid-way
    // ("Invalid blocker state transition") and shows the error page instead of the next screen.
    await admin.page.goto('about:blank');
    // Each test starts signed in, whatever the previous one left (the expired-session test signs out).
    if ((await admin.page.request.get(`${app.url}/api/auth/me`)).status() === 401) {
      await signIn(admin.page, app.url, 'admin');
      await admin.page.waitForFunction(() => !window.location.hash.startsWith('#/login'));
    }
    onTestFailed(async () => {
      console.log(`[${size}] ${context.task.name}: ${admin.page.url()}\n${admin.errors.slice(-8).join('\n')}`);
      await screenshot(admin.page, `failed-trust-${size}-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`).catch(() => undefined);
    });
  });

  it('lists the clients in French order', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients`);
    let names: string[];
    if (phone) {
      const items = page.locator('.client-simple-list .client-simple-list-name');
      await items.first().waitFor();
      // Primary line: "Name · number" (no number here).
      names = (await items.allInnerTexts()).map((text) => text.split(' · ')[0].trim());
      expect(await page.locator('table').count()).toBe(0);
    } else {
      await page.getByText(`1-${NAMES.length} sur ${NAMES.length}`).waitFor();
      const rows = page.locator('table tbody tr');
      names = [];
      for (const row of await rows.all()) {
        names.push(`${(await row.locator('td.column-lastName').innerText()).trim()} ${(await row.locator('td.column-firstName').innerText()).trim()}`);
      }
    }
    expect(names).toEqual(FRENCH_ORDER);
    await shot('01-french-order');
  });

  itAt(phone)('shows a simple list on a phone, with the create button clear of the last row and the pager', async () => {
    const { page } = admin;
    await knex()('clients').where({ last_name: 'Zola' }).update({ client_number: 'CL-0099', email: 'emile.zola@exemple.fr', phone: '+33612345678' });
    await page.goto(`${app.url}/#/clients`);
    await page.reload(); // the list may already be on screen with the data from before the update
    const item = page.locator('.client-simple-list a', { hasText: 'Zola Émile · CL-0099' });
    await item.waitFor();
    await item.getByText('emile.zola@exemple.fr · 06 12 34 56 78').waitFor();
    await item.getByText('0 contrat actif').waitFor();
    expect(await page.locator('table').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const fab = page.getByRole('link', { name: 'Nouveau client' });
    const pager = page.locator('.MuiTablePagination-root');
    const last = page.locator('.client-simple-list a').last();
    const [fabBox, pagerBox, lastBox] = await Promise.all([fab.boundingBox(), pager.boundingBox(), last.boundingBox()]);
    const overlaps = (a: typeof fabBox, b: typeof fabBox) => !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(fabBox).not.toBeNull();
    expect(overlaps(fabBox, pagerBox)).toBe(false);
    expect(overlaps(fabBox, lastBox)).toBe(false);
    await shot('02-phone-list-bottom');
  });

  it('keeps the search placeholder inside the box and says what it searches', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients`);
    const search = page.getByPlaceholder('Rechercher un client…');
    await search.waitFor();
    await page.getByTestId('search-help').hover();
    await page.getByRole('tooltip').getByText('Nom, prénom, n° client, email ou téléphone').waitFor();
    await expect(search.getAttribute('aria-description')).resolves.toBe('Nom, prénom, n° client, email ou téléphone');
    // The placeholder is not cut: its text fits the input's width.
    const fits = await search.evaluate((input: HTMLInputElement) => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.font = getComputedStyle(input).font;
      return canvas.measureText(input.placeholder).width <= input.clientWidth;
    });
    expect(fits).toBe(true);
  });

  it('asks before leaving an edit form with unsaved changes', async () => {
    const { page } = admin;
    const id = await clientId('Bonnet', 'Paul');
    await page.goto(`${app.url}/#/clients/${id}`);
    const address = page.locator('textarea[name="address"]');
    await address.fill('8 rue des Lilas, Nantes');
    const prompt = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.dismiss())));
    await page.getByRole('link', { name: 'Afficher' }).click();
    expect(await prompt).toMatch(/changements n'ont pas été enregistrés/);
    // Dismissed: still on the form, with what was typed.
    expect(page.url()).toMatch(new RegExp(`#/clients/${id}$`));
    await expect(address.inputValue()).resolves.toBe('8 rue des Lilas, Nantes');
    await shot('02b-unsaved-kept');
    // Accepting leaves without saving.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Afficher' }).click();
    await page.waitForURL(new RegExp(`#/clients/${id}/show$`));
    expect((await knex()('clients').where({ id }).first()).address).toBeNull();
  });

  it('refuses a save over someone else’s change (409), says who and when, and reloads', async () => {
    const { page } = admin;
    const id = await clientId('David', 'Jean');
    const otherPhone = phone ? '06 98 76 54 33' : '06 98 76 54 32';
    await page.goto(`${app.url}/#/clients/${id}`);
    const address = page.locator('textarea[name="address"]');
    await address.waitFor();

    // Bruno saves first, in his own browser.
    const other = await app.newPage({ viewport });
    try {
      await other.page.goto(`${app.url}/#/login`);
      await other.page.locator('input[name="email"]').fill(OTHER_ADMIN.email);
      await other.page.locator('input[name="password"]').fill(OTHER_ADMIN.password);
      await other.page.getByRole('button', { name: 'Connexion' }).click();
      await other.page.getByText('Clients').first().waitFor();
      await other.page.goto(`${app.url}/#/clients/${id}`);
      await other.page.locator('input[name="phone"]').fill(otherPhone);
      await other.page.getByRole('button', { name: 'Enregistrer' }).click();
      await other.page.getByText('Client « David Jean » modifié').waitFor();
    } finally {
      await other.context.close();
    }

    await recordToasts(page);
    await address.fill('3 place Bellecour, Lyon');
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const conflict = page.getByTestId('edit-conflict');
    await conflict.getByText(/Ce client a été modifié par Bruno Bureau <bruno@e2e\.fr> le \d{1,2} \S+ \d{4} à \d{2}:\d{2}/).waitFor();
    await transitionsDone(page);
    await shot('03-conflict');
    expect((await toastsSeen(page)).filter((text) => /modifié/.test(text) && !/Ce client/.test(text))).toEqual([]);
    const stored = await knex()('clients').where({ id }).first();
    expect(stored).toMatchObject({ phone: `+3369876543${phone ? 3 : 2}` });
    expect(stored.address).not.toBe('3 place Bellecour, Lyon');

    await conflict.getByRole('button', { name: 'Recharger' }).click();
    await expect.poll(() => page.locator('input[name="phone"]').inputValue()).toBe(otherPhone);
    await expect(conflict.count()).resolves.toBe(0);
    // Saved again on the current version: accepted.
    await address.fill(`3 place Bellecour, Lyon (${size})`);
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Client « David Jean » modifié').waitFor();
    expect((await knex()('clients').where({ id }).first()).address).toBe(`3 place Bellecour, Lyon (${size})`);
  });

  it('on an expired session: no success message, and after signing in the form is back with its input', async () => {
    const { page, context } = admin;
    const id = await clientId('Blanc', 'Hugo');
    const typed = `14 quai de la Fosse, Nantes (${size})`;
    await page.goto(`${app.url}/#/clients/${id}`);
    const address = page.locator('textarea[name="address"]');
    await address.fill(typed);
    await recordToasts(page);
    await context.clearCookies();
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    await page.waitForURL(/#\/login/);
    await page.getByText('Votre session a expiré. Reconnectez-vous pour reprendre là où vous en étiez.').waitFor();
    await transitionsDone(page);
    await shot('04-session-expired-login');
    expect((await toastsSeen(page)).filter((text) => /modifié|mis à jour/.test(text))).toEqual([]);
    expect((await knex()('clients').where({ id }).first()).address).not.toBe(typed);

    await page.locator('input[name="email"]').fill(E2E_USERS.admin.email);
    await page.locator('input[name="password"]').fill(E2E_USERS.admin.password);
    await page.getByRole('button', { name: 'Connexion' }).click();
    await page.waitForURL(new RegExp(`#/clients/${id}$`));
    await page.getByTestId('draft-restored').waitFor();
    await expect.poll(() => address.inputValue()).toBe(typed);
    await shot('05-draft-restored');
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Client « Blanc Hugo » modifié').waitFor();
    // The save redirects to the client's page: the next test navigates only once it has (a hash
    // change during the redirect would meet the unsaved-changes blocker mid-transition).
    await page.waitForURL(new RegExp(`#/clients/${id}/show$`));
    expect((await knex()('clients').where({ id }).first()).address).toBe(typed);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('conance.')))).toEqual([]);
  });

  /** Saves the form on screen once the session cookie is gone, then signs in again on the login page the app shows. */
  async function saveOnExpiredSession(page: Page) {
    await recordToasts(page);
    await admin.context.clearCookies();
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/login/);
    await page.getByText('Votre session a expiré. Reconnectez-vous pour reprendre là où vous en étiez.').waitFor();
    expect((await toastsSeen(page)).filter((text) => /créé|modifié|mis à jour/.test(text))).toEqual([]);
    await page.locator('input[name="email"]').fill(E2E_USERS.admin.email);
    await page.locator('input[name="password"]').fill(E2E_USERS.admin.password);
    await page.getByRole('button', { name: 'Connexion' }).click();
  }
  const draftsLeft = (page: Page) => page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('conance.')));

  it('on an expired session, a contract’s edit form is back with its input after signing in, and saves it', async () => {
    const { page } = admin;
    const contract = await knex()('contracts').orderBy('id').first();
    const typed = `Prévoyance Pro (${size})`;
    await page.goto(`${app.url}/#/contracts/${contract.id}`);
    const product = page.locator('input[name="product"]');
    await expect.poll(() => product.inputValue()).toBe(contract.product ?? '');
    await product.fill(typed);
    await saveOnExpiredSession(page);
    expect((await knex()('contracts').where({ id: contract.id }).first()).product).toBe(contract.product);

    await page.waitForURL(new RegExp(`#/contracts/${contract.id}$`));
    await page.getByTestId('draft-restored').waitFor();
    await expect.poll(() => product.inputValue()).toBe(typed);
    // The rest of the form is the record's, untouched by the draft.
    await expect(page.locator('input[name="contractNumber"]').inputValue()).resolves.toBe(contract.contract_number);
    await shot('05b-contract-draft-restored');
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText(`Contrat « ${contract.contract_number} » modifié`).waitFor();
    await page.waitForURL(new RegExp(`#/contracts/${contract.id}/show$`));
    expect((await knex()('contracts').where({ id: contract.id }).first()).product).toBe(typed);
    expect(await draftsLeft(page)).toEqual([]);
  });

  it('on an expired session, a new advisor’s form is back with its input after signing in, and creates it', async () => {
    const { page } = admin;
    const lastName = `Expiré-${size}`;
    await page.goto(`${app.url}/#/advisors/create`);
    await page.locator('input[name="lastName"]').fill(lastName);
    await page.locator('input[name="firstName"]').fill('Camille');
    await saveOnExpiredSession(page);
    expect(await knex()('advisors').where({ last_name: lastName }).first()).toBeUndefined();

    await page.waitForURL(/#\/advisors\/create$/);
    await page.getByTestId('draft-restored').waitFor();
    await expect.poll(() => page.locator('input[name="lastName"]').inputValue()).toBe(lastName);
    await expect(page.locator('input[name="firstName"]').inputValue()).resolves.toBe('Camille');
    await noToast(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Conseiller créé').waitFor();
    await page.waitForURL(/#\/advisors\/\d+\/show$/);
    expect(await knex()('advisors').where({ last_name: lastName, first_name: 'Camille' }).first()).toBeDefined();
    expect(await draftsLeft(page)).toEqual([]);
  });

  it('says in the delete dialog how many contracts and commissions will be unlinked', async () => {
    const { page } = admin;
    const [{ id }] = await knex()('clients').insert({ last_name: 'Zyx', first_name: size }).returning('id');
    const contracts = await knex()('contracts')
      .insert([0, 1].map((n) => ({ contract_number: `TRUST-${size}-${n}`, client_id: id, status: 'active' })))
      .returning('id');
    await knex()('commissions').insert(
      Array.from({ length: 19 }, (_, n) => ({ contract_id: contracts[n % 2].id, client_id: id, date: '2026-01-15', amount: 10, client_name: `Zyx ${size}`, source: 'manual' })),
    );
    await page.goto(`${app.url}/#/clients/${id}/show`);
    await page.getByRole('button', { name: 'Supprimer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('unlink-summary').getByText('2 contrats seront détachés, 19 commissions conservées sans lien.').waitFor();
    await transitionsDone(page);
    await shot('06-delete-counts');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('Client supprimé').waitFor();
    expect(await knex()('clients').where({ id }).first()).toBeUndefined();
  });

  itAt(!phone)('totals the selection in the bulk delete dialog and names the count on success', async () => {
    const { page } = admin;
    const ids: number[] = [];
    for (const [n, commissions] of [
      [1, 3],
      [2, 4],
      [3, 0],
    ] as const) {
      const [{ id }] = await knex()('clients')
        .insert({ last_name: 'Zzbulk', first_name: `N${n}` })
        .returning('id');
      ids.push(id);
      const [contract] = await knex()('contracts')
        .insert({ contract_number: `BULK-${n}`, client_id: id, status: 'active' })
        .returning('id');
      for (let i = 0; i < commissions; i++) await knex()('commissions').insert({ contract_id: contract.id, client_id: id, date: '2026-02-01', amount: 5, client_name: 'x', source: 'manual' });
    }
    await page.goto(`${app.url}/#/clients?filter=${encodeURIComponent(JSON.stringify({ q: 'Zzbulk' }))}`);
    await page.getByText('1-3 sur 3').waitFor();
    await page.locator('thead input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Supprimer la sélection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('unlink-summary').getByText('3 contrats seront détachés, 7 commissions conservées sans lien.').waitFor();
    await transitionsDone(page);
    await shot('07-bulk-delete-counts');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('3 clients supprimés').waitFor();
    expect(await knex()('clients').whereIn('id', ids)).toEqual([]);
  });

  it('warns on create when the typed client number is already taken, before saving', async () => {
    const { page } = admin;
    await knex()('clients')
      .where({ last_name: 'Bellec' })
      .update({ client_number: `CL-${size}-42` });
    await page.goto(`${app.url}/#/clients/create`);
    await page.locator('input[name="lastName"]').fill('Nouveau');
    await page.locator('input[name="clientNumber"]').fill(`cl-${size}-42`);
    const warning = page.getByTestId('similar-clients');
    await warning.getByRole('link', { name: new RegExp(`Bellec Yann · CL-${size}-42`) }).waitFor();
    await warning.getByText('numéro client déjà utilisé').waitFor();
    await noToast(page);
    await warning.getByText('numéro client déjà utilisé').scrollIntoViewIfNeeded();
    await shot('08-create-number-taken-warning');
    // Nothing was sent: no client was created.
    expect(await knex()('clients').where({ last_name: 'Nouveau' })).toEqual([]);
  });

  it('falls back to the default sort with a notice on a bad list URL', async () => {
    const { page } = admin;
    for (const query of ['sort=nope&order=ASC', `filter=${encodeURIComponent('{"bogus":1}')}`, 'sort=lastName&order=SIDEWAYS']) {
      await page.goto(`${app.url}/#/clients?${query}`);
      await page.getByText('L’adresse de cette liste contenait un tri ou un filtre invalide').waitFor();
      const first = phone ? page.locator('.client-simple-list .client-simple-list-name').first() : page.locator('table tbody tr td.column-lastName').first();
      await expect.poll(async () => (await first.innerText()).split(' · ')[0].trim()).toMatch(/^Àlvarez/);
      await expect(page.locator('text=Aucun résultat >> visible=true').count()).resolves.toBe(0);
    }
    await shot('09-bad-url');
  });

  itAt(!phone)('shows the server’s messages in English once English is chosen', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/clients/create`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    try {
      await page.getByRole('button', { name: 'Save' }).waitFor();
      await page.locator('input[name="lastName"]').fill('Someone');
      await page.locator('input[name="clientNumber"]').fill(`cl-${size}-42`);
      await page.getByRole('button', { name: 'Save' }).click();
      const numberField = page.locator('.MuiFormControl-root', { has: page.locator('input[name="clientNumber"]') });
      await numberField.getByText(`Number already used by BELLEC Yann, CL-${size}-42.`).waitFor();
      await shot('11-english-server-message');
    } finally {
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: 'Français' }).click();
      await page.getByRole('button', { name: 'Enregistrer' }).waitFor();
    }
  });

  it('offers a way back from a Non autorisé page', async () => {
    const support = await app.newPage({ viewport });
    try {
      await signIn(support.page, app.url, 'support');
      await support.page.getByText('Clients').first().waitFor();
      const id = await clientId('André', 'Marie');
      await support.page.goto(`${app.url}/#/clients/${id}`);
      // The page's title (its h1) says it, and the page itself.
      await support.page.getByRole('heading', { level: 1, name: 'Non autorisé' }).waitFor();
      await support.page.locator('.RaAccessDenied-message').getByText('Non autorisé').waitFor();
      await screenshot(support.page, `trust-${size}-10-access-denied`);
      await support.page.getByRole('link', { name: 'Retour à la liste' }).click();
      await support.page
        .getByText(/^Àlvarez/)
        .first()
        .waitFor()
        .catch(async (error) => {
          console.log(support.page.url(), support.errors.join('\n'));
          await screenshot(support.page, `failed-trust-${size}-support-back`);
          throw error;
        });
      await support.page.waitForURL(/#\/clients(\?.*)?$/);
      await support.page
        .getByText(/^Àlvarez/)
        .first()
        .waitFor();
    } finally {
      await support.context.close();
    }
  });
}
