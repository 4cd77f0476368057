import fs from 'node:fs';
import { median } from './latency';

const CHROMIUM = '/usr/bin/chromium';

/** Navigation to the clients list → first data row visible, in headless Chromium, signed in. */
export async function measureFirstRender({ baseUrl, cookie }: { baseUrl: string; cookie: string }): Promise<{ median: number } | { skipped: string }> {
  if (!fs.existsSync(CHROMIUM)) return { skipped: 'Chromium is not installed (apt-get install chromium)' };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const [name, value] = cookie.split('=');
    const durations: number[] = [];
    for (let run = 0; run < 4; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      await context.addCookies([{ name, value, url: baseUrl }]);
      // What the login page leaves behind: the admin then asks the API who is signed in.
      await context.addInitScript(() => localStorage.setItem('conance.signedIn', '1'));
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${baseUrl}/#/clients`);
      await page.locator('table tbody tr').first().waitFor({ state: 'visible', timeout: 30_000 });
      // The first run warms the server's caches; the browser cache is new in every context.
      if (run > 0) durations.push(performance.now() - t0);
      await context.close();
    }
    return { median: median(durations) };
  } finally {
    await browser.close();
  }
}
