import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The page's finite transitions (a dialog's fade-in) have ended: a condition, not a fixed delay. */
export async function transitionsDone(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, summarised for a readable failure. */
export async function axeViolations(page: Page): Promise<string[]> {
  // A fading element has, for a moment, the contrast of none: judge the page once it has settled.
  await transitionsDone(page);
  // Evaluated rather than added as a <script>: the app's CSP refuses inline scripts, rightly.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((result) => result.violations),
    WCAG_TAGS,
  )) as Violation[];
  return found.map(
    (v) =>
      `${v.id} (${v.impact}, ${v.nodes.length} node(s)): ${v.help}\n    ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}  ${n.html.slice(0, 160)}`)
        .join('\n    ')}`,
  );
}
