import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportWorker, type ImportWorker } from '../../api/imports/statementImportQueue';
import { screenshot, signIn, startE2eApp, type E2eApp, type WatchedPage } from '../e2e/support/e2eApp';
import { MESSY_ROWS, OCTOBER_HEADER, messyStatement, octoberStatement, statementOf } from './statementFiles';
import { needsServers } from '../support/testServices';

/**
 * The Imports page in Chromium against the app as `npm start` runs it on DATABASE_URL
 * (queue on BullMQ's PostgreSQL backend, schema bullmq) with a worker beside it, as
 * `npm run worker` would be. That backend needs a real PostgreSQL server: on embedded PGlite
 * the test says so in its name and does not run (scripts/test.ts lists PostgreSQL as not covered).
 */
const realServer = Boolean(process.env.TEST_PG_ADMIN_URL);
let app: E2eApp;
let admin: WatchedPage;
let support: WatchedPage;
let worker: ImportWorker | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-import-page-'));

beforeAll(async () => {
  if (!realServer) return;
  app = await startE2eApp();
  worker = startImportWorker(
    { backend: 'postgres', connectionString: app.db.url, schema: 'bullmq' },
    { knex: app.db.knex, logger: pino({ level: 'silent' }), limits: { maxRows: 100_000, maxUncompressedBytes: 256 * 1024 * 1024 } },
  );
  admin = await app.newPage();
  await signIn(admin.page, app.url, 'admin');
  // Signed in once the menu shows (react-admin then redirects to the first resource).
  await admin.page.getByRole('menuitem', { name: 'Imports' }).waitFor();
  support = await app.newPage();
  await signIn(support.page, app.url, 'support');
  await support.page.getByRole('menuitem', { name: 'Imports' }).waitFor();
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(realServer ? 'Imports page in the browser' : 'Imports page in the browser — NOT RUN: needs the real PostgreSQL server (TEST_PG_ADMIN_URL)', () => {
  it('previews, imports with live progress, lists and downloads the rejected rows, and shows the import on the client', needsServers('postgres'), async () => {
    const { page } = admin;
    const file = path.join(dir, 'Bordereau Mutuelle Atlantique mars 2026.xlsx');
    fs.writeFileSync(file, await messyStatement());

    await page.goto(`${app.url}/#/imports/create`);
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    const preview = page.locator('[data-testid="import-preview"]');
    await preview.waitFor();
    await expect(page.getByText('Feuille « Bordereau mars 2026 », en-tête ligne 4').isVisible()).resolves.toBe(true);
    await expect(preview.locator('tbody tr').count()).resolves.toBe(8);
    await expect(preview.getByText(`${MESSY_ROWS.badAmount} · Rejetée`).isVisible()).resolves.toBe(true);
    await expect(preview.getByText(`${MESSY_ROWS.total} · Total (ignorée)`).isVisible()).resolves.toBe(true);
    // No column dates the commissions: the month named by the title row is proposed.
    await expect(page.locator('[data-testid="import-period-month"]').inputValue()).resolves.toBe('03');
    await expect(page.locator('[data-testid="import-period-year"]').inputValue()).resolves.toBe('2026');
    await expect(page.getByText('Proposé d’après « Période : mars 2026 — Cabinet Conance ».').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="import-counts"]').innerText()).resolves.toMatch(/4 lignes seront importées, 3 rejetées/);
    await screenshot(page, 'imports-preview');

    // Edit the mapping: the label column is ignored; the preview is asked again.
    await page.getByRole('combobox', { name: 'Libellé' }).click();
    await page.getByRole('option', { name: '— ignorée —' }).click();
    await expect(page.getByRole('combobox', { name: 'Libellé' }).innerText()).resolves.toMatch(/ignorée/);

    await page.locator('[data-testid="import-start"]').click();
    await page.waitForURL(/#\/imports\/\d+\/show/);
    await page.getByText('Terminé', { exact: true }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="import-rejections"]').waitFor();
    const body = (await page.locator('main').innerText()).replace(/[\s\u00a0\u202f]+/g, ' ');
    expect(body).toMatch(/8 \/ 8 lignes/);
    expect(body).toMatch(/Commissions créées 4/);
    expect(body).toMatch(/Lignes rejetées 3/);
    await expect(page.locator('[data-testid="import-rejections"] tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'imports-done');
    const id = Number(/imports\/(\d+)\/show/.exec(page.url())![1]);
    const commissions = await app.db.knex('commissions').where({ import_id: id }).select('label');
    expect(commissions.every((c) => c.label === null)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Télécharger les lignes rejetées (Excel)').click()]);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile((await download.path())!);
    expect(report.worksheets[0].rowCount).toBe(4);

    await page.goto(`${app.url}/#/imports`);
    await page.getByText('Bordereau Mutuelle Atlantique mars 2026.xlsx').waitFor();
    await screenshot(page, 'imports-list');

    const [client] = await app.db.knex('clients').where({ client_number: '004567' });
    await page.goto(`${app.url}/#/clients/${client.id}/show/imports`);
    await page.getByText('Bordereau Mutuelle Atlantique mars 2026.xlsx').waitFor();
    expect(admin.errors.filter((e) => !e.startsWith('http: 409'))).toEqual([]);
  });

  it('explains a file that is not a statement, naming what it is', needsServers('postgres'), async () => {
    const { page } = admin;
    const file = path.join(dir, 'export.xlsx');
    fs.writeFileSync(file, '%PDF-1.7\n1 0 obj\n<< >>\nendobj\n');
    await page.goto(`${app.url}/#/imports/create`);
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    await expect(page.locator('[data-testid="import-error"]').innerText()).resolves.toMatch(/Ce fichier est un document PDF/);
    admin.errors.length = 0;
  });

  it('applies the "AXA France" mapping to the second AXA file of the same layout', needsServers('postgres'), async () => {
    const { page } = admin;
    const october = path.join(dir, 'AXA octobre 2026.xlsx');
    fs.writeFileSync(october, await octoberStatement());
    await page.goto(`${app.url}/#/imports/create`);
    await page.locator('[data-testid="import-file"]').setInputFiles(october);
    await page.locator('[data-testid="import-preview"]').waitFor();
    // "Date d'effet" is the contract's start; "Date de valeur" dates the commissions.
    await expect(page.getByRole('combobox', { name: "Date d'effet" }).innerText()).resolves.toBe('Date d’effet du contrat');
    await expect(page.getByRole('combobox', { name: 'Date de valeur' }).innerText()).resolves.toBe('Date de la commission');
    await expect(page.locator('[data-testid="import-counts"]').innerText()).resolves.toMatch(/6 lignes seront importées, 3 rejetées/);
    await expect(page.locator('[data-testid="applied-mapping"]').count()).resolves.toBe(0);
    await page.locator('[data-testid="import-insurer"]').fill('AXA France');
    await page.getByLabel('Nom (une par compagnie)').fill('AXA France');
    await page.locator('[data-testid="save-mapping"]').click();
    // Saved (the server agreed), then applied to this very file.
    await page.locator('[data-testid="applied-mapping"]').waitFor();
    await page.locator('[data-testid="import-start"]').click();
    await page.waitForURL(/#\/imports\/\d+\/show/);
    await page.getByText('Terminé', { exact: true }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="import-clients-created"]').getByText('5 clients créés').waitFor();
    await screenshot(page, 'imports-axa-october-done');

    // Next month's statement: same columns, other rows.
    const november = path.join(dir, 'AXA novembre 2026.xlsx');
    fs.writeFileSync(
      november,
      await statementOf('Novembre 2026', ['Bordereau de commissions — Novembre 2026'], OCTOBER_HEADER, [
        // The insurer's capitals never replace the firm's "Martin"; the new first name does.
        ['C-100', 'MARTIN', 'Paul-Henri', 'AXA-11', null, 'En cours', '01/11/2026', null, '05/11/2026', '42'],
        ['C-200', 'Nouveau', 'Léo', 'AXA-12', null, 'Résilié', '01/01/2025', '31/10/2026', '05/11/2026', '8'],
      ]),
    );
    await page.goto(`${app.url}/#/imports/create`);
    await page.locator('[data-testid="import-file"]').setInputFiles(november);
    const applied = page.locator('[data-testid="applied-mapping"]');
    await applied.waitFor();
    await expect(applied.innerText()).resolves.toMatch(/Modèle « AXA France » appliqué/);
    await expect(page.locator('[data-testid="import-insurer"]').inputValue()).resolves.toBe('AXA France');
    await screenshot(page, 'imports-axa-mapping-applied');
    await page.locator('[data-testid="import-start"]').click();
    await page.waitForURL(/#\/imports\/\d+\/show/);
    await page.getByText('Terminé', { exact: true }).waitFor({ timeout: 60_000 });
    const id = Number(/imports\/(\d+)\/show/.exec(page.url())![1]);
    expect(await app.db.knex('statement_imports').select('insurer', 'applied_mapping_id').where({ id }).first()).toMatchObject({ insurer: 'AXA France', applied_mapping_id: expect.any(Number) });
    expect(await app.db.knex('contracts').select('contract_number', 'insurer', 'status').whereIn('contract_number', ['AXA-11', 'AXA-12']).orderBy('contract_number')).toEqual([
      { contract_number: 'AXA-11', insurer: 'AXA France', status: 'active' },
      { contract_number: 'AXA-12', insurer: 'AXA France', status: 'terminated' },
    ]);
    // The client whose details the file changed is listed for review, field by field.
    const changed = page.locator('[data-testid="import-changed-clients"]');
    await changed.getByRole('link', { name: 'Martin Paul-Henri (C-100)' }).waitFor();
    expect((await changed.innerText()).replace(/\s+/g, ' ')).toContain('Prénom Paul Paul-Henri');
    await screenshot(page, 'imports-axa-november-changes');
    // The groups link to the clients list filtered by this import.
    await page.locator('[data-testid="import-clients-created"]').getByRole('link', { name: '1 client créé' }).click();
    await page.waitForURL(/#\/clients/);
    // The import's page (its tables name C-100 and C-200 too) gone first.
    await changed.waitFor({ state: 'detached' });
    await page.getByText('C-200').waitFor();
    // C-200 is in the unfiltered list too: wait for the filtered one (one row) before judging.
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(1);
    await expect(page.getByText('C-100').count()).resolves.toBe(0);
    expect(admin.errors.filter((e) => !e.startsWith('http: 409'))).toEqual([]);
  });

  it('tells support staff "Non autorisé" on the upload page at once', needsServers('postgres'), async () => {
    const { page } = support;
    await page.goto(`${app.url}/#/imports/create`);
    await page.getByText('Non autorisé').first().waitFor();
    await expect(page.locator('[data-testid="import-file"]').count()).resolves.toBe(0);
    await screenshot(page, 'imports-create-support');
  });

  it('warns on the list when imports wait and no worker is alive', needsServers('postgres'), async () => {
    const { page } = admin;
    await page.goto(`${app.url}/#/imports`);
    await page.locator('main table').waitFor();
    await expect(page.locator('[data-testid="import-no-worker"]').count()).resolves.toBe(0);
    // The worker stops (its heartbeat row goes with it) and a file waits.
    await worker!.close();
    worker = undefined;
    const file = path.join(dir, 'Bordereau en attente.xlsx');
    fs.writeFileSync(file, await statementOf('Feuille', [], ['N° client', 'Nom', 'Date', 'Montant'], [['WAIT-9', 'Attente', '01/03/2026', 12]]));
    await page.goto(`${app.url}/#/imports/create`);
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    await page.locator('[data-testid="import-preview"]').waitFor();
    await page.locator('[data-testid="import-start"]').click();
    await page.waitForURL(/#\/imports\/\d+\/show/);
    await page.goto(`${app.url}/#/imports`);
    const warning = page.locator('[data-testid="import-no-worker"]');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/Aucun worker d’import n’est actif : l’import en attente ne démarrera pas/);
    await screenshot(page, 'imports-no-worker');
  });
});
