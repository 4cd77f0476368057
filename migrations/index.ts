import type { Knex } from 'knex';
import * as initialSchema from './20261125_01_clients_contracts_commissions';
import * as usersSessionsAudit from './20261125_02_users_sessions_audit';
import * as statementImports from './20261125_03_statement_imports';
import * as importIntegrity from './20261127_01_import_integrity';
import * as managedContracts from './20261127_02_managed_contracts';
import * as statementImportsRound2 from './20261127_03_statement_imports_round2';
import * as frenchOrder from './20261127_05_french_order';
import * as duplicates from './20261127_06_duplicates';
import * as personalData from './20261127_07_personal_data';
import * as accessLogRetention from './20261127_08_access_log_retention';
import * as clientAdvisors from './20261127_09_client_advisors';
import * as statementFileChunks from './20261127_10_statement_file_chunks';
import * as searchInnerTrigrams from './20261127_11_search_inner_trigrams';
import * as truncateGuard from './20261202_01_truncate_guard';
import * as numberKeys from './20261202_02_number_keys';
import * as importWorkers from './20261202_03_import_workers';
import * as statementFormats from './20261202_04_statement_formats';
import * as exactCounts from './20261203_01_exact_counts';
import * as shortSearchKeys from './20261203_01b_short_search_keys';
import * as importChanges from './20261203_02_import_changes';
import * as tolerantSearch from './20261203_03_tolerant_search';
import * as transitionTablePlans from './20261204_01_transition_table_plans';
import * as foldedNames from './20261207_01_folded_names';
import * as searchStatistics from './20261207_02_search_statistics';

/**
 * Migrations are listed explicitly rather than discovered on disk, so that the same
 * list runs under tsx, vitest and any bundler without a TypeScript loader for Knex.
 * Append new migrations at the end; never rename or reorder existing ones.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261125_01_clients_contracts_commissions': initialSchema,
  '20261125_02_users_sessions_audit': usersSessionsAudit,
  '20261125_03_statement_imports': statementImports,
  '20261127_01_import_integrity': importIntegrity,
  '20261127_02_managed_contracts': managedContracts,
  '20261127_03_statement_imports_round2': statementImportsRound2,
  '20261127_05_french_order': frenchOrder,
  '20261127_06_duplicates': duplicates,
  '20261127_07_personal_data': personalData,
  '20261127_08_access_log_retention': accessLogRetention,
  '20261127_09_client_advisors': clientAdvisors,
  '20261127_10_statement_file_chunks': statementFileChunks,
  '20261127_11_search_inner_trigrams': searchInnerTrigrams,
  '20261202_01_truncate_guard': truncateGuard,
  '20261202_02_number_keys': numberKeys,
  '20261202_03_import_workers': importWorkers,
  '20261202_04_statement_formats': statementFormats,
  '20261203_01_exact_counts': exactCounts,
  '20261203_01b_short_search_keys': shortSearchKeys,
  '20261203_02_import_changes': importChanges,
  '20261203_03_tolerant_search': tolerantSearch,
  '20261204_01_transition_table_plans': transitionTablePlans,
  '20261207_01_folded_names': foldedNames,
  '20261207_02_search_statistics': searchStatistics,
};

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations);
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    return migrations[name];
  },
};
