import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from './support/e2eApp';

/**
 * In a real browser: an admin finds a pair on "Doublons potentiels", opens it, keeps
 * the client with the contract (its own number proposed, however long the other's), takes the
 * other's email, merges, and lands on the kept client showing the absorbed number among its
 * former numbers, and the merge as a sentence in its history.
 */
let app: E2eApp;
let admin: WatchedPage;

beforeAll(async () => {
  app = await startE2eApp();
  admin = await app.newPage();
});
afterAll(() => app?.close());
beforeEach((context) => {
  onTestFailed(async () => {
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    if (admin) await screenshot(admin.page, `failed-duplicates-${name}`).catch(() => undefined);
  });
});

describe('Doublons potentiels', () => {
  it('finds a pair, merges it field by field, and shows the result on the kept client', async () => {
    const knex = app.db.knex;
    const [kept] = await knex('clients').insert({ last_name: 'Garnier', first_name: 'Maëlle', client_number: 'E2E-KEEP', phone: '+33612003400' }).returning('id');
    const [absorbed] = await knex('clients')
      .insert({ last_name: 'GARNIER', first_name: 'Maelle', client_number: 'E2E-OLD-NUMBER', phone: '+33612003400', email: 'maelle.garnier@exemple.fr' })
      .returning('id');
    await knex('contracts').insert([
      { contract_number: 'E2E-C1', client_id: kept.id },
      { contract_number: 'E2E-C2', client_id: absorbed.id },
    ]);

    const { page } = admin;
    await signIn(page, app.url, 'admin');
    await page.getByRole('columnheader', { name: 'Nom' }).first().waitFor();
    await page.goto(`${app.url}/#/duplicates`);
    const row = page.locator('table tbody tr', { hasText: 'E2E-OLD-NUMBER' });
    await row.waitFor();
    await expect.poll(async () => row.innerText()).toContain('Même téléphone');
    expect(await row.innerText()).toContain('E2E-KEEP');
    await page.waitForLoadState('networkidle');
    await screenshot(page, '60-duplicates-list');

    await row.getByRole('link', { name: 'Examiner' }).click();
    await page.getByRole('button', { name: 'Fusionner ces 2 clients' }).waitFor();
    // Pre-filled: the client with the oldest history is kept, the filled email is the other's.
    expect(await page.getByRole('radio', { name: `Conserver Garnier Maëlle (n° ${kept.id})` }).isChecked()).toBe(true);
    expect(await page.getByTestId(`merge-email-${absorbed.id}`).getByRole('radio').isChecked()).toBe(true);
    // The kept client keeps its own number, and its column says whose it is.
    expect(await page.getByTestId(`merge-clientNumber-${kept.id}`).getByRole('radio').isChecked()).toBe(true);
    expect(await page.getByTestId(`merge-kept-${kept.id}`).innerText()).toContain('Garnier Maëlle (E2E-KEEP)');
    // Field by field: keep the accented spelling of the first name of the kept client.
    await page.getByTestId(`merge-firstName-${kept.id}`).getByRole('radio').check();
    await screenshot(page, '61-duplicates-merge');
    await page.getByRole('button', { name: 'Fusionner ces 2 clients' }).click();

    await page.waitForURL(new RegExp(`#/clients/${kept.id}/show`));
    await page.getByText('2 clients fusionnés').waitFor();
    // The merge form leaves the page as the kept client's page arrives.
    await page.getByTestId(`merge-kept-${kept.id}`).waitFor({ state: 'detached' });
    await page.getByText('E2E-OLD-NUMBER').waitFor();
    await page.getByText('maelle.garnier@exemple.fr').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, '62-duplicates-merged-client');

    await page.getByRole('tab', { name: 'Historique' }).click();
    await page.getByTestId('client-history').getByText('Fusion : GARNIER Maelle (E2E-OLD-NUMBER) absorbé').waitFor();
    expect(await page.getByTestId('client-history').innerText()).not.toMatch(/mergedInto|mergedClients|\[object Object\]/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, '63-duplicates-merged-history');

    expect(await knex('clients').where('id', absorbed.id).first()).toBeUndefined();
    expect(await knex('clients').where('id', kept.id).first()).toMatchObject({ first_name: 'Maëlle', email: 'maelle.garnier@exemple.fr', client_number: 'E2E-KEEP' });
    expect(await knex('contracts').where('client_id', kept.id).orderBy('contract_number').pluck('contract_number')).toEqual(['E2E-C1', 'E2E-C2']);
    expect(admin.errors.filter((e) => !e.startsWith('http: 401'))).toEqual([]);
  });
});
