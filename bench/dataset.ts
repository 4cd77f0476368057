import type { Knex } from 'knex';

/**
 * Production-scale data generated inside PostgreSQL (generate_series), so that loading a
 * million clients takes seconds of server time rather than minutes of round trips.
 * Indexes are dropped during the load and rebuilt once after it (much faster for GIN).
 */
const COMMON_LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Garçon',
  'Noël',
];
const SYLLABLES = ['ber', 'lan', 'dou', 'mar', 'tin', 'gau', 'che', 'rou', 'vil', 'leu', 'pré', 'sal', 'mon', 'bré', 'fon', 'tai', 'nier', 'cot', 'pel', 'gnon', 'rat', 'lot', 'quet', 'bois'];
const FIRST_NAMES = [
  'Jean',
  'Marie',
  'Pierre',
  'Nathalie',
  'Michel',
  'Isabelle',
  'Philippe',
  'Sylvie',
  'Alain',
  'Catherine',
  'Nicolas',
  'Françoise',
  'Laurent',
  'Sandrine',
  'Stéphane',
  'Valérie',
  'Éric',
  'Christine',
  'Olivier',
  'Céline',
  'Julien',
  'Élodie',
  'Chloé',
  'Hugo',
  'Léa',
  'Camille',
  'Loïc',
  'Agnès',
];

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
  for (const { indexname } of indexes) await knex.raw(`DROP INDEX ${indexname}`);

  await knex.raw(`INSERT INTO advisors (first_name, last_name, email)
    SELECT 'Conseiller', 'Numéro ' || i, 'conseiller' || i || '@cabinet.fr' FROM generate_series(1, ${size.advisors}) i`);
  const [{ min: firstAdvisor }] = (await knex.raw('SELECT min(id) FROM advisors')).rows;

  // A long tail of names (three syllables out of 24: 13,824 names) plus common ones, like a real file.
  await knex.raw(`
    INSERT INTO clients (client_number, last_name, first_name, email, phone, advisor_id)
    SELECT
      'CL' || lpad(i::text, 8, '0'),
      CASE WHEN i % 3 = 0 THEN (${sqlArray(COMMON_LAST_NAMES)})[(1 + (i * 7919) % ${COMMON_LAST_NAMES.length})::int]
           ELSE initcap(s[(1 + (i * 31) % 24)::int] || s[(1 + (i * 17) % 24)::int] || s[(1 + (i * 13) % 24)::int]) END,
      -- A hash, not a multiple of i: a first name must not follow from the last name (it would
      -- with both drawn from i modulo small numbers), as it never does in a real file.
      (${sqlArray(FIRST_NAMES)})[(1 + abs(hashint8(i)::bigint) % ${FIRST_NAMES.length})::int],
      CASE WHEN i % 7 = 0 THEN NULL ELSE 'client' || i || '@exemple.fr' END,
      CASE WHEN i % 5 = 0 THEN NULL ELSE '+336' || lpad(((i::bigint * 7907) % 100000000)::text, 8, '0') END,
      ${firstAdvisor} + (i % ${size.advisors})::int
    FROM generate_series(1::bigint, ${size.clients}) i, (SELECT ${sqlArray(SYLLABLES)} AS s) syllables`);
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

  for (const { indexdef } of indexes) await knex.raw(indexdef);
  await knex.raw('VACUUM ANALYZE clients');
  await knex.raw('VACUUM ANALYZE contracts');
  await knex.raw('VACUUM ANALYZE advisors');
  // Filled by triggers during the load; the servers a bench runs on may have autovacuum off.
  await knex.raw('VACUUM ANALYZE client_advisors');
}
