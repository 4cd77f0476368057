import type { Knex } from 'knex';
import { COMMON_LAST_NAMES, FIRST_NAMES } from './frenchNames';

/**
 * Production-scale data generated inside PostgreSQL (generate_series), so that loading a
 * million clients takes seconds of server time rather than minutes of round trips.
 * Indexes are dropped during the load and rebuilt once after it (much faster for GIN).
 */
// Names are drawn by weight: a hash of the row picks a slot, and each name holds as many slots as its weight.
const slotsOf = (names: readonly (readonly [string, number])[]) =>
  `(SELECT array_agg(n ORDER BY n) FROM unnest(ARRAY[${names.map(([, weight]) => weight).join(',')}]) WITH ORDINALITY w(weight, n), generate_series(1, weight))`;
const totalWeight = (names: readonly (readonly [string, number])[]) => names.reduce((sum, [, weight]) => sum + weight, 0);
const SYLLABLES = ['ber', 'lan', 'dou', 'mar', 'tin', 'gau', 'che', 'rou', 'vil', 'leu', 'pré', 'sal', 'mon', 'bré', 'fon', 'tai', 'nier', 'cot', 'pel', 'gnon', 'rat', 'lot', 'quet', 'bois'];
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

export interface DatasetSize {
  clients: number;
  contracts: number;
  advisors: number;
}

export async function generateDataset(knex: Knex, size: DatasetSize) {
  const tables = ['clients', 'contracts'];
  const indexes: { indexname: string; indexdef: string }[] = (
    await knex.raw(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename = ANY(?)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [tables],
    )
  ).rows;
  // An index rebuilt from its definition loses its statistics target (an expression's own).
  const targets: { indexname: string; attnum: number; attstattarget: number }[] = (
    await knex.raw(`SELECT c.relname AS indexname, a.attnum, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = ANY(?) AND a.attstattarget > 0`, [
      indexes.map((index) => index.indexname),
    ])
  ).rows;
  for (const { indexname } of indexes) await knex.raw(`DROP INDEX ${indexname}`);

  await knex.raw(`INSERT INTO advisors (first_name, last_name, email)
    SELECT 'Conseiller', 'Numéro ' || i, 'conseiller' || i || '@cabinet.fr' FROM generate_series(1, ${size.advisors}) i`);
  const [{ min: firstAdvisor }] = (await knex.raw('SELECT min(id) FROM advisors')).rows;

  // The common last names with their weights per million, the rest a long tail (three syllables
  // out of 24: 13,824 names), like a real file.
  const lastNames = sqlArray(COMMON_LAST_NAMES.map(([name]) => name));
  const firstNames = sqlArray(FIRST_NAMES.map(([name]) => name));
  await knex.raw(`
    WITH slots AS MATERIALIZED (SELECT ${slotsOf(COMMON_LAST_NAMES)} AS last_slots, ${slotsOf(FIRST_NAMES)} AS first_slots)
    INSERT INTO clients (client_number, last_name, first_name, email, phone, advisor_id)
    SELECT
      'CL' || lpad(i::text, 8, '0'),
      CASE WHEN abs(hashint8(i)) % 1000000 < ${totalWeight(COMMON_LAST_NAMES)} THEN (${lastNames})[last_slots[1 + abs(hashint8(i)) % 1000000]]
           ELSE initcap(s[(1 + tail % 24)::int] || s[(1 + tail / 24 % 24)::int] || s[(1 + tail / 576 % 24)::int]) END,
      -- Another hash: a first name must not follow from the last name, as it never does in a real file.
      (${firstNames})[first_slots[1 + abs(hashint8(-i)) % ${totalWeight(FIRST_NAMES)}]],
      CASE WHEN i % 7 = 0 THEN NULL ELSE 'client' || i || '@exemple.fr' END,
      CASE WHEN i % 5 = 0 THEN NULL ELSE '+336' || lpad(((i::bigint * 7907) % 100000000)::text, 8, '0') END,
      ${firstAdvisor} + (i % ${size.advisors})::int
    FROM slots, generate_series(1::bigint, ${size.clients}) i, abs(hashint8(i + 1)) tail, (SELECT ${sqlArray(SYLLABLES)} AS s) syllables`);
  const [{ min: firstClient }] = (await knex.raw('SELECT min(id) FROM clients')).rows;

  await knex.raw(`
    INSERT INTO contracts (contract_number, client_id, advisor_id, product, insurer, status, start_date)
    SELECT
      'CT' || lpad(i::text, 9, '0'),
      ${firstClient} + ((i * 31) % ${size.clients})::int,
      ${firstAdvisor} + ((i * 7) % ${size.advisors})::int,
      'Assurance vie',
      'Assureur ' || (i % 12),
      CASE WHEN i % 5 = 0 THEN 'terminated' ELSE 'active' END,
      date '2015-01-01' + (i % 3650)::int
    FROM generate_series(1::bigint, ${size.contracts}) i`);

  // One GIN build over a million rows takes minutes at the server's default 64 MB.
  await knex.transaction(async (trx) => {
    await trx.raw(`SET LOCAL maintenance_work_mem = '1GB'`);
    for (const { indexdef } of indexes) await trx.raw(indexdef);
    for (const { indexname, attnum, attstattarget } of targets) await trx.raw(`ALTER INDEX ${indexname} ALTER COLUMN ${attnum} SET STATISTICS ${attstattarget}`);
  });
  await knex.raw('VACUUM ANALYZE clients');
  await knex.raw('VACUUM ANALYZE contracts');
  await knex.raw('VACUUM ANALYZE advisors');
  // Filled by triggers during the load; the servers a bench runs on may have autovacuum off.
  await knex.raw('VACUUM ANALYZE client_advisors');
}
