import os from 'node:os';
import type { Knex } from 'knex';
import { refreshDirtyPairs } from '../api/duplicates/duplicateRefresh';
import { DEFAULT_MIN_SCORE, STORED_SCORE_FLOOR } from '../api/duplicates/duplicateScore';
import { DuplicateService } from '../api/duplicates/duplicateService';
import { median } from './latency';

/**
 * Duplicate groups at scale: on the generated dataset, 1 % of the clients get a
 * planted duplicate under another number (four kinds of variants, below); the whole pair table
 * is built from scratch, then the recall of the planted pairs, the first screen of the list and
 * an incremental refresh are measured. Section of its own in BENCHMARKS.md.
 */
export interface DuplicatesBenchResult {
  clients: number;
  planted: number;
  buildMs: number;
  pairs: number;
  found: number;
  foundAtDefault: number;
  byKind: Record<string, { planted: number; found: number }>;
  firstScreenMs: number;
  incrementalMs: number;
}

// Variants of a client, as two insurers' files spell the same person:
// 0: capitals and no accents, same email; 1: first and last names swapped, same phone;
// 2: lower case, no accents, hyphens as spaces, nothing else in common; 3: a typo in the last name, same email.
const PLANT_SQL = `
  CREATE TABLE bench_planted AS
  SELECT c.id AS original, 0 AS kind, c.*
    FROM clients c WHERE c.id % 100 = 7;
  UPDATE bench_planted SET kind = (original / 100) % 4;
  INSERT INTO clients (client_number, last_name, first_name, email, phone)
  SELECT 'DUP-' || original,
         CASE kind WHEN 0 THEN upper(f_unaccent(last_name)) WHEN 1 THEN first_name WHEN 2 THEN lower(f_unaccent(last_name))
                   ELSE left(last_name, -1) || CASE WHEN right(last_name, 1) = 'e' THEN 'a' ELSE 'e' END END,
         CASE kind WHEN 1 THEN last_name WHEN 2 THEN replace(lower(f_unaccent(first_name)), '-', ' ') ELSE first_name END,
         CASE WHEN kind IN (0, 3) THEN email END,
         CASE WHEN kind = 1 THEN phone END
    FROM bench_planted`;

export async function benchDuplicates(knex: Knex): Promise<DuplicatesBenchResult> {
  await knex.raw('DROP TABLE IF EXISTS bench_planted');
  await knex.raw(PLANT_SQL);
  await knex.raw('VACUUM ANALYZE clients');
  const [{ n: clients }] = (await knex.raw('SELECT count(*)::int AS n FROM clients')).rows;

  // The whole base from scratch: every client dirty, the pair table empty.
  await knex.raw('TRUNCATE client_duplicate_pairs, client_duplicate_dirty');
  await knex.raw('INSERT INTO client_duplicate_dirty (client_id) SELECT id FROM clients');
  const t0 = performance.now();
  await refreshDirtyPairs(knex);
  const buildMs = performance.now() - t0;

  const { rows: kinds } = await knex.raw(`
    SELECT p.kind, count(*)::int AS planted,
           count(d.score)::int AS found, count(d.score) FILTER (WHERE d.score >= ${DEFAULT_MIN_SCORE})::int AS found_default
      FROM bench_planted p JOIN clients dup ON dup.client_number = 'DUP-' || p.original
      LEFT JOIN client_duplicate_pairs d ON d.client_a = p.original AND d.client_b = dup.id
     GROUP BY p.kind ORDER BY p.kind`);
  const byKind: DuplicatesBenchResult['byKind'] = {};
  for (const row of kinds) byKind[String(row.kind)] = { planted: row.planted, found: row.found };
  const planted = kinds.reduce((sum: number, row: { planted: number }) => sum + row.planted, 0);
  const found = kinds.reduce((sum: number, row: { found: number }) => sum + row.found, 0);
  const foundAtDefault = kinds.reduce((sum: number, row: { found_default: number }) => sum + row.found_default, 0);
  const [{ n: pairs }] = (await knex.raw('SELECT count(*)::int AS n FROM client_duplicate_pairs')).rows;

  const service = new DuplicateService(knex);
  const query = { sort: { field: 'score', order: 'DESC' as const }, range: { start: 0, end: 24 }, filter: {} };
  const screens: number[] = [];
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    await service.list(query);
    screens.push(performance.now() - t);
  }
  // A day of edits: 100 clients changed, then the list read (it refreshes them first).
  const incremental: number[] = [];
  for (let run = 0; run < 3; run++) {
    await knex.raw(`UPDATE clients SET address = 'Rue ${run} ' || id WHERE id IN (SELECT id FROM clients WHERE id % 9973 = ${run} LIMIT 100)`);
    const t = performance.now();
    await service.list(query);
    incremental.push(performance.now() - t);
  }
  return { clients, planted, buildMs, pairs, found, foundAtDefault, byKind, firstScreenMs: median(screens), incrementalMs: median(incremental) };
}

const KIND_LABELS: Record<string, string> = {
  '0': 'capitals, no accents, same email',
  '1': 'names swapped, same phone',
  '2': 'lower case, no accents, nothing else shared',
  '3': 'typo in the last name, same email',
};

export function duplicatesSection(result: DuplicatesBenchResult, command: string): string {
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  return [
    '## Duplicate clients',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`${command}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (shared with other work), ${result.clients.toLocaleString('en')} clients of which ${result.planted.toLocaleString('en')} planted duplicates (1 %).`,
    '',
    '| Measure | Result |',
    '|---|---|',
    `| Whole pair table built from scratch (every client dirty) | ${(result.buildMs / 1000).toFixed(1)} s, ${result.pairs.toLocaleString('en')} pairs stored (score ≥ ${STORED_SCORE_FLOOR}) |`,
    `| Recall of the planted pairs (score ≥ ${STORED_SCORE_FLOOR}) | ${result.found.toLocaleString('en')} / ${result.planted.toLocaleString('en')} = ${pct(result.found, result.planted)} |`,
    `| Recall at the list's default minimal score (≥ ${DEFAULT_MIN_SCORE}) | ${pct(result.foundAtDefault, result.planted)} |`,
    ...Object.entries(result.byKind).map(([kind, k]) => `| — variant: ${KIND_LABELS[kind]} | ${k.found} / ${k.planted} = ${pct(k.found, k.planted)} |`),
    `| First screen of "Doublons potentiels" (25 groups, service call, median of 7) | ${result.firstScreenMs.toFixed(0)} ms |`,
    `| Same after 100 clients changed (refresh of their pairs included, median of 3) | ${result.incrementalMs.toFixed(0)} ms |`,
    '',
  ].join('\n');
}
