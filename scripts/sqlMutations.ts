import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run mutation:sql`: mutants of the rules the database keeps (triggers, functions, unique
 * keys), which Stryker cannot reach. Each mutant is applied to the migrated template database
 * of a test run (TEST_SQL_MUTATION, read by test/support/globalSetup.ts), then the test files
 * that protect its rule run against it on the real PostgreSQL server: a failing run has caught
 * the mutant. The same files first run without mutant, and must pass.
 */
interface SqlMutant {
  name: string;
  sql: string;
  tests: string[];
}

const MUTANTS: SqlMutant[] = [
  {
    name: 'active contract: a contract ending today counts as ended (>= flipped to >)',
    sql: `CREATE OR REPLACE FUNCTION public.contract_is_active(status text, end_date date) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT status = 'active' AND (end_date IS NULL OR end_date > firm_today()) $$`,
    tests: ['test/api/contracts.test.ts', 'test/api/clients.test.ts'],
  },
  {
    name: 'active contract: the status is no longer checked',
    sql: `CREATE OR REPLACE FUNCTION public.contract_is_active(status text, end_date date) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT (end_date IS NULL OR end_date >= firm_today()) $$`,
    tests: ['test/api/contracts.test.ts', 'test/api/clients.test.ts'],
  },
  {
    name: 'append-only audit: the UPDATE/DELETE trigger disabled',
    sql: 'ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only',
    tests: ['test/api/audit.test.ts', 'test/api/hostileInput.test.ts'],
  },
  {
    name: 'append-only audit: TRUNCATE allowed',
    sql: 'ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_truncate',
    tests: ['test/api/audit.test.ts', 'test/api/hostileInput.test.ts'],
  },
  {
    name: 'client_advisors: not kept when a contract changes advisor',
    sql: 'ALTER TABLE contracts DISABLE TRIGGER contracts_update_client_advisors',
    tests: ['test/api/clientAdvisorsTable.test.ts', 'test/api/referents.test.ts'],
  },
  {
    name: 'client_advisors: not kept when a client is inserted',
    sql: 'ALTER TABLE clients DISABLE TRIGGER clients_insert_client_advisors',
    tests: ['test/api/clientAdvisorsTable.test.ts', 'test/api/referents.test.ts'],
  },
  {
    name: 'sort key: accents no longer folded',
    sql: `CREATE OR REPLACE FUNCTION public.f_sort_name(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $_$ SELECT lower(translate($1, '’', '''')) $_$`,
    tests: ['test/api/frenchOrder.test.ts'],
  },
  {
    name: 'upload uniqueness: the same-file key dropped',
    sql: 'DROP INDEX statement_imports_same_file_key',
    tests: ['test/imports/uploadUniqueness.test.ts'],
  },
  {
    name: 'upload uniqueness: widened to (sha256, file name)',
    sql: `DROP INDEX statement_imports_same_file_key; CREATE UNIQUE INDEX statement_imports_same_file_key ON statement_imports (sha256, file_name) WHERE status <> 'failed' AND NOT forced`,
    tests: ['test/imports/uploadUniqueness.test.ts'],
  },
  {
    name: 'client numbers: the unique key dropped',
    sql: 'ALTER TABLE clients DROP CONSTRAINT clients_client_number_key',
    tests: ['test/api/numberKeys.test.ts', 'test/api/clients.test.ts'],
  },
  {
    name: 'client numbers: look-alikes no longer folded (NFKC removed)',
    sql: `CREATE OR REPLACE FUNCTION public.f_number_key(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $_$ SELECT lower(btrim($1)) $_$`,
    tests: ['test/api/numberKeys.test.ts'],
  },
  {
    name: 'exact totals: client inserts no longer counted',
    sql: 'ALTER TABLE clients DISABLE TRIGGER clients_count_inserts',
    tests: ['test/api/listTotals.test.ts'],
  },
  {
    name: 'sealing: every client field kept in clear',
    sql: `CREATE OR REPLACE FUNCTION public.f_audit_clear_fields(p_type text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['clientNumber', 'advisorId', 'mergedInto', 'contracts', 'commissions', 'aliases', 'format', 'lastName', 'firstName', 'email', 'phone', 'address']::text[] $$`,
    tests: ['test/api/anonymisation.test.ts', 'test/api/personalDataReadable.test.ts'],
  },
  {
    name: 'anonymised clients: no longer kept anonymised on update',
    sql: 'ALTER TABLE clients DISABLE TRIGGER clients_keep_anonymised',
    tests: ['test/api/anonymisation.test.ts', 'test/api/erasureHoles.test.ts'],
  },
  {
    name: 'versions: not bumped on update',
    sql: 'ALTER TABLE clients DISABLE TRIGGER clients_bump_version',
    tests: ['test/api/optimisticConcurrency.test.ts'],
  },
];

const only = process.argv[2];
const run = (tests: string[], mutation?: string) =>
  spawnSync(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', ...tests], {
    env: {
      ...process.env,
      TEST_RUN_ID: `sqlmut${process.pid.toString(36)}`,
      TEST_PG_ADMIN_URL: process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...(mutation ? { TEST_SQL_MUTATION: mutation } : {}),
    },
    encoding: 'utf8',
  });

const selected = MUTANTS.filter((mutant) => !only || mutant.name.includes(only));
const baseline = [...new Set(selected.flatMap((mutant) => mutant.tests))];
console.log(`[sql mutants] baseline: ${baseline.length} test files without mutant`);
const unmutated = run(baseline);
if (unmutated.status !== 0) {
  console.error(`${unmutated.stdout}${unmutated.stderr}`.slice(-4000));
  console.error('[sql mutants] the test files fail without any mutant: fix them first');
  process.exit(1);
}
// The control: a statement that changes nothing, applied the same way, must leave the tests green;
// otherwise applying a mutant would itself fail them and every mutant would look caught.
if (run([selected[0].tests[0]], 'SELECT 1').status !== 0) {
  console.error('[sql mutants] the tests fail under a mutant that changes nothing: the harness is broken');
  process.exit(1);
}
console.log('[sql mutants] control (a mutant that changes nothing): survived, as it must');
const rows: string[] = [];
let caught = 0;
for (const mutant of selected) {
  const result = run(mutant.tests, mutant.sql);
  // A mutant that could not be applied proves nothing: it is reported, never counted as caught.
  const verdict = `${result.stdout}${result.stderr}`.includes('SQL mutant not applied') ? 'not applied' : result.status === 0 ? 'survived' : 'caught';
  if (verdict === 'caught') caught++;
  console.log(`[sql mutants] ${verdict}: ${mutant.name}`);
  rows.push(`| ${mutant.name} | ${mutant.tests.map((file) => `\`${path.basename(file)}\``).join(', ')} | ${verdict} |`);
}
console.log(`\n| Mutant | Tests | Result |\n|---|---|---|\n${rows.join('\n')}\n\n${caught} of ${selected.length} caught.`);
process.exit(caught === selected.length ? 0 : 1);
