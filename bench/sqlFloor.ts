import type { Knex } from 'knex';

/** A statement as Knex sent it, placeholders back in Knex's `?` form. */
export interface CapturedStatement {
  sql: string;
  bindings: readonly Knex.RawBinding[];
}

/**
 * The SQL a service call sends, in waves: the statements of one wave were all sent before any
 * of them answered (the service awaited them together), and each wave waited for the one before.
 * Replaying the waves so gives the floor of a request: its own SQL, in its own order, and
 * nothing else of the stack.
 */
export async function captureWaves(knex: Knex, serviceCall: () => Promise<unknown>): Promise<CapturedStatement[][]> {
  const waves: CapturedStatement[][] = [];
  let answered = 0;
  let waveStartedAt = -1;
  const onQuery = (query: { sql: string; bindings?: Knex.RawBinding[] }) => {
    // A statement sent after an answer starts a new wave.
    if (waveStartedAt !== answered || !waves.length) {
      waves.push([]);
      waveStartedAt = answered;
    }
    // The event carries the driver's $n placeholders, numbered in binding order.
    waves[waves.length - 1].push({ sql: query.sql.replace(/\$\d+/g, '?'), bindings: query.bindings ?? [] });
  };
  const onAnswer = () => answered++;
  knex.on('query', onQuery);
  knex.on('query-response', onAnswer);
  try {
    await serviceCall();
  } finally {
    knex.off('query', onQuery);
    knex.off('query-response', onAnswer);
  }
  return waves;
}

/** Sends captured waves straight to PostgreSQL, each wave's statements together. */
export async function replayWaves(knex: Knex, waves: CapturedStatement[][]) {
  for (const wave of waves) await Promise.all(wave.map(({ sql, bindings }) => knex.raw(sql, bindings)));
  return new Response('');
}

/** The statements that are queries (the count estimate is itself a plan, not a query). */
export const queriesOf = (waves: CapturedStatement[][]) => waves.flat().filter(({ sql }) => !/^\s*explain/i.test(sql));

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/**
 * What the captured statements cost the database: EXPLAIN ANALYZE's execution time, summed, and
 * the rows its scans of `table` produced (heap rows read, before any later filter or limit).
 */
export async function explainWaves(knex: Knex, waves: CapturedStatement[][], table = 'clients') {
  let executionMs = 0;
  let rowsRead = 0;
  const visit = (node: PlanNode) => {
    const read = (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    if (node['Relation Name'] === table) rowsRead += read * (node['Actual Loops'] ?? 1);
    node.Plans?.forEach(visit);
  };
  for (const { sql, bindings } of queriesOf(waves)) {
    const result = await knex.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, bindings);
    const [explained] = result.rows[0]['QUERY PLAN'];
    executionMs += explained['Execution Time'];
    visit(explained.Plan);
  }
  return { executionMs, rowsRead };
}
