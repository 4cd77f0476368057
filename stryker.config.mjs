// @ts-check
/**
 * Mutation testing (`npm run mutation`, not part of `npm test`: it runs the unit tests once per
 * mutant and takes minutes). Only the pure modules are mutated, and only the unit tests
 * (vitest.unit.config.ts: no database, queue or browser) judge the mutants. Scores are
 * reported in RELIABILITY.md.
 */

/** The files mutated, each with the module it is reported under (scripts/mutationScores.ts). */
export const mutationModules = {
  'statements/cellValues.ts': 'cell values',
  'statements/mapping/columnMapping.ts': 'column mapping',
  'statements/verdicts/statementRow.ts': 'statement rows',
  'statements/verdicts/rowVerdicts.ts': 'row verdicts',
  'statements/verdicts/sampleChecks.ts': 'row verdicts: the sample checks',
  'statements/readers/cellDates.ts': 'statement readers: cell dates',
  'statements/readers/csv/csvEncoding.ts': 'statement readers: CSV encoding',
  'statements/readers/csv/csvWorkbook.ts': 'statement readers: CSV workbook',
  'statements/readers/xlsx/sharedStrings.ts': 'statement readers: xlsx shared strings',
  'statements/readers/xlsx/styles.ts': 'statement readers: xlsx date styles',
  'statements/readers/xlsx/worksheetRows.ts': 'statement readers: xlsx worksheet rows',
  'statements/readers/html/htmlWorkbook.ts': 'statement readers: HTML workbook',
  'statements/archive/workbookArchive.ts': 'archive inspection',
  'statements/archive/zipDirectory.ts': 'archive inspection: the zip directory',
  'statements/archive/partInflation.ts': 'archive inspection: inflating under guards',
  'api/duplicates/duplicateScore.ts': 'duplicate scoring',
  'api/duplicates/mergeRules.ts': 'merge rules',
  'api/personalData/anonymisationRules.ts': 'anonymisation rules',
  'api/auth/accessPolicy.ts': 'access policy',
  'api/auth/originCheck.ts': 'origin check',
  'api/clients/search/searchWords.ts': 'search words',
  'shared/spreadsheetFormulas.ts': 'CSV-injection rule',
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.unit.config.ts' },
  mutate: Object.keys(mutationModules),
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: synonym tables, regexes) would each need the whole
  // unit suite and took half of the run; they are left out of the score, and counted in the report.
  ignoreStatic: true,
  // The machine is shared: one test process at a time.
  concurrency: 1,
  // Over the mutant's usual test time: a mutant that loops is a timeout (counted as killed).
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // A run scoring under 85 % fails: a drop of the tests' strength is a failed build, not a report.
  // Stryker judges the whole run only; scripts/mutationScores.ts (run after it) fails any file under it.
  thresholds: { high: 90, low: 85, break: 85 },
  // Later runs re-test only the mutants whose code or tests changed. The file is committed: CI's
  // `npm run mutation:changed` starts from it. `npm run mutation -- --force` re-tests everything.
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
