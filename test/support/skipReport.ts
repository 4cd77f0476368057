import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestSuite, Vitest } from 'vitest/node';

/**
 * A vitest reporter that says what did not run and why: one line per test file with skipped
 * tests, with the reason the test or its suite gave (needsServers / skippedWhen in
 * testServices.ts, or `context.skip(reason)`). `npx vitest run` without the servers skips the
 * tests that need them; without this, it would do so silently.
 */
export default class SkipReport implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest) {
    // Tests left out by a name filter (-t) were not asked for: nothing to explain about them.
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const lines: string[] = [];
    for (const testModule of testModules) {
      const reasons = new Map<string, number>();
      for (const test of testModule.children.allTests('skipped')) {
        if (test.options.mode === 'todo') continue;
        const reason = reasonOf(test) ?? (this.filtered ? null : 'no reason given (give one with needsServers or skippedWhen, test/support/testServices.ts)');
        if (reason !== null) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      const file = path.relative(process.cwd(), testModule.moduleId);
      for (const [reason, count] of reasons) lines.push(`  - ${file}: ${count} test${count > 1 ? 's' : ''} skipped, ${reason}`);
    }
    // Suites run on both databases fall back to PGlite without a server: not skipped, but not covered either.
    if (!process.env.TEST_PG_ADMIN_URL) lines.push('  - every suite named "on PostgreSQL" ran on PGlite instead: no PostgreSQL server (TEST_PG_ADMIN_URL unset; npm test finds one)');
    if (lines.length) console.warn(`\n⚠ Skipped, and why:\n${lines.join('\n')}\n`);
  }
}

/** The reason a skipped test gives: its `context.skip(note)`, else its own or its suites' skipReason. */
function reasonOf(test: TestCase): string | undefined {
  const result = test.result();
  if (result.state === 'skipped' && result.note) return result.note;
  for (let task: TestCase | TestSuite = test; ; task = task.parent) {
    const reason = task.meta().skipReason;
    if (reason) return reason;
    if (task.parent.type === 'module') return undefined;
  }
}
