import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../../api/config';
import { seedDemoData } from '../../../api/demo/demoData';
import { startServer, type RunningServer } from '../../../api/server';
import { UserService } from '../../../api/users/userService';
import { ensureAdminBuilt } from '../../../scripts/adminBuild';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { axeViolations, transitionsDone } from './pageChecks';

export const E2E_USERS = {
  admin: { email: 'admin@e2e.fr', password: 'admin-password-e2e', fullName: 'Anne Admin', role: 'admin' as const },
  support: { email: 'support@e2e.fr', password: 'support-password-e2e', fullName: 'Serge Support', role: 'support' as const },
};

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../screenshots');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2eApp {
  url: string;
  db: TestDatabase;
  server: RunningServer;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) with its console watched. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and refused requests (`http: 409 POST …`) seen so far. */
  errors: string[];
}

/**
 * The app as `npm start` runs it (admin built by Vite, served by the API on one origin),
 * on its own database with the demo data, an admin and a support user, and one headless
 * Chromium for the test file.
 */
export async function startE2eApp(): Promise<E2eApp> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (never npx playwright install).`);
  }
  await ensureAdminBuilt();
  const db = await createTestDatabase();
  await seedDemoData(db.knex);
  const users = new UserService(db.knex);
  for (const user of Object.values(E2E_USERS)) await users.create(user);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-e2e-'));
  const server = await startServer(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SEED_DEMO: 'false', RUN_WORKER: 'false' }),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    url: server.url,
    db,
    server,
    browser,
    async newPage({ viewport = { width: 1366, height: 900 } } = {}) {
      const context = await browser.newContext({ viewport, locale: 'fr-FR', acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('console', async (message) => {
        if (message.type() !== 'error') return;
        // React logs format strings ("%s"): fill them in with the arguments for a readable report.
        const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '?')));
        let text = message.text();
        if (text.includes('%s')) for (const arg of args.slice(1)) text = text.replace('%s', String(arg));
        errors.push(`console: ${text}`);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      // Which request the browser's "Failed to load resource" was about.
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`http: ${response.status()} ${response.request().method()} ${response.url()}`);
      });
      return { page, context, errors };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, baseUrl: string, role: keyof typeof E2E_USERS) {
  const { email, password } = E2E_USERS[role];
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Connexion' }).click();
}

/**
 * Saves a screenshot of a main screen, and fails when the screen shows an untranslated
 * message key (`resources.…`, `ra.…`, `app.…`) or an unresolved plural (`|||| `), has other
 * than one `<h1>`, or has an axe-core WCAG 2 A/AA violation: every screen the suite looks at is
 * checked. Screenshots of a failure (`failed-…`) are only saved.
 */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
  if (name.startsWith('failed-')) return;
  const text = await page.locator('body').innerText();
  const raw = /\|\|\|\||\b(?:resources|ra|app)\.[a-z_-]+\.[a-z_.-]+/i.exec(text);
  if (raw) throw new Error(`Screen "${name}" shows untranslated text: ${raw[0]}`);
  await transitionsDone(page);
  const headings = await page.locator('h1').count();
  if (headings !== 1) throw new Error(`Screen "${name}" has ${headings} <h1>, not one`);
  const violations = await axeViolations(page);
  if (violations.length) throw new Error(`Screen "${name}" fails axe-core:\n  ${violations.join('\n  ')}`);
}
