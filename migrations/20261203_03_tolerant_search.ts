import type { Knex } from 'knex';

/**
 * Tolerant name search (api/clients/search/tolerantSearch.ts): levenshtein() from fuzzystrmatch bounds
 * the edit distance of a trigram match, and sound_keys holds the French phonetic key
 * (Soundex2, shared/frenchSound.ts) of every word of the last and first names, under a GIN
 * index. The key is computed here, on every write whoever the writer (API, import worker,
 * anonymisation), so it cannot go stale; the TypeScript copy is checked against it by a test.
 */
export async function up(knex: Knex) {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch');
  await knex.raw(`
    CREATE FUNCTION public.f_soundex_fr(word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
      code text := regexp_replace(upper(public.unaccent('public.unaccent'::regdictionary, word)), '[^A-Z]', '', 'g');
      pair text[];
    BEGIN
      IF code = '' THEN RETURN ''; END IF;
      FOREACH pair SLICE 1 IN ARRAY ARRAY[['GUI','KI'],['GUE','KE'],['GA','KA'],['GO','KO'],['GU','K'],['CA','KA'],
                                          ['CO','KO'],['CU','KU'],['Q','K'],['CC','K'],['CK','K']] LOOP
        code := replace(code, pair[1], pair[2]);
      END LOOP;
      code := left(code, 1) || translate(substr(code, 2), 'EIOU', 'AAAA');
      FOREACH pair SLICE 1 IN ARRAY ARRAY[['MAC','MCC'],['ASA','AZA'],['KN','NN'],['PF','FF'],['SCH','SSS'],['PH','FF']] LOOP
        IF starts_with(code, pair[1]) THEN code := pair[2] || substr(code, length(pair[1]) + 1); END IF;
      END LOOP;
      code := regexp_replace(code, '([^CS])H', '\\1', 'g');
      code := regexp_replace(code, '([^A])Y', '\\1', 'g');
      code := regexp_replace(code, '[ATDS]$', '');
      code := left(code, 1) || replace(substr(code, 2), 'A', '');
      RETURN regexp_replace(code, '(.)\\1+', '\\1', 'g');
    END $$`);
  // Each key marked by the name it comes from (L last, F first): "Moreau Marie" is {LMR, FMR},
  // so that a two-word search asks for one key in each name rather than twice the same.
  await knex.raw(`
    CREATE FUNCTION public.f_sound_keys(last_name text, first_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(role || key), '{}') FROM (
        SELECT 'L' AS role, public.f_soundex_fr(word) AS key FROM regexp_split_to_table(coalesce(last_name, ''), '[^[:alpha:]]+') AS word
        UNION ALL
        SELECT 'F', public.f_soundex_fr(word) FROM regexp_split_to_table(coalesce(first_name, ''), '[^[:alpha:]]+') AS word
      ) keys WHERE key <> ''
    $$`);
  await knex.raw('ALTER TABLE clients ADD COLUMN sound_keys text[] GENERATED ALWAYS AS (public.f_sound_keys(last_name, first_name)) STORED');
  await knex.raw('CREATE INDEX clients_sound_keys ON clients USING gin (sound_keys)');
  await knex.raw('ANALYZE clients');
}

export async function down(knex: Knex) {
  await knex.raw('ALTER TABLE clients DROP COLUMN IF EXISTS sound_keys');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_sound_keys(text, text)');
  await knex.raw('DROP FUNCTION IF EXISTS public.f_soundex_fr(text)');
  await knex.raw('DROP EXTENSION IF EXISTS fuzzystrmatch');
}
