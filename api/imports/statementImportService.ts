import type { Knex } from 'knex';
import { changedClientsOf } from './importChanges';
import { ImportMappingService } from './importMappingService';
import { IMPORT_COLUMNS, IMPORT_SORT_COLUMNS, toImportRecord, type ImportFilter, type ImportRow, type NewStatementImport } from './statementImportRecord';
import type { StatementImportRecord } from '../../shared/entities/statementImport';
import { databaseErrorOf } from '../database/databaseError';
import { escapeLike } from '../listing/likePattern';
import { fetchPage } from '../listing/listPage';
import { HttpError, notFound } from '../http/httpError';
import type { ListQuery } from '../http/simpleRest';
import { countVerdicts, judgeRows, type VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import type { StatementRowCells, StatementWorkbook } from '../../statements/readers/statementWorkbook';
import { storeStatementFile } from '../../statements/archive/storedStatementFile';
import { importError } from './importBatch';
import type { RowError } from '../../statements/verdicts/statementRow';

/** Import records, their stored files, rejected rows; saved mappings through `mappings`. */
export class StatementImportService {
  readonly mappings: ImportMappingService;

  constructor(readonly knex: Knex) {
    this.mappings = new ImportMappingService(knex);
  }

  /**
   * The import record and its file, written together: a queued import always has its file.
   * Unless forced, the database refuses a second live import of the same content
   * (statement_imports_same_file_key): of two concurrent uploads, exactly one gets here.
   */
  async create(input: NewStatementImport): Promise<StatementImportRecord> {
    try {
      return await this.insert(input);
    } catch (error) {
      if (databaseErrorOf(error).constraint !== 'statement_imports_same_file_key') throw error;
      const earlier = await this.findSameFile(input.sha256);
      if (!earlier) throw error; // it failed in between: the user may simply try again
      throw duplicateImport(earlier);
    }
  }

  private insert(input: NewStatementImport): Promise<StatementImportRecord> {
    return this.knex.transaction(async (trx) => {
      const [row] = await trx('statement_imports')
        .insert({
          file_name: input.fileName,
          file_size: input.content.length,
          sha256: input.sha256,
          status: 'queued',
          mapping: JSON.stringify(input.mapping),
          format: input.format,
          sheet_name: input.sheet,
          header_row: input.headerRow,
          columns: JSON.stringify(input.columns),
          total_rows: input.totalRows,
          rows_through_header: input.rowsThroughHeader,
          period: input.period,
          insurer: input.insurer,
          applied_mapping_id: input.appliedMappingId,
          forced: input.forced,
          created_by: input.actor.userId,
          created_by_label: input.actor.label,
        })
        .returning('*');
      // In chunks of about a megabyte, so that the worker can stream it (storedStatementFile.ts).
      await storeStatementFile(trx, row.id, input.content);
      return toImportRecord(row);
    });
  }

  /**
   * Retires an import that never started and that the queue lost, so that the same file can be
   * sent again. Only while it is still untouched: a worker that claimed it meanwhile keeps it.
   */
  async supersedeLost(id: number): Promise<boolean> {
    const updated = await this.knex('statement_imports')
      .where({ id, status: 'queued' })
      .whereNull('started_at')
      .update({
        status: 'failed',
        ...importError({ code: 'import.superseded' }),
        finished_at: this.knex.fn.now(),
        updated_at: this.knex.fn.now(),
      });
    return updated > 0;
  }

  /** The latest import of the same file that did not fail, if any. */
  async findSameFile(sha256: string): Promise<StatementImportRecord | undefined> {
    const row = await this.knex('statement_imports as i').select(IMPORT_COLUMNS).where('i.sha256', sha256).whereNot('i.status', 'failed').orderBy('i.id', 'desc').first();
    return row ? toImportRecord(row) : undefined;
  }

  /** One import, with the number of clients whose details it changed (see changedClients). */
  async get(id: number): Promise<StatementImportRecord> {
    const row = await this.knex('statement_imports as i')
      .select([...IMPORT_COLUMNS, this.knex.raw(`(SELECT count(*)::int FROM statement_import_clients t WHERE t.import_id = i.id AND t.outcome = 'updated') AS changed_clients`)])
      .where('i.id', id)
      .first();
    if (!row) throw notFound({ code: 'import.notFound' });
    return toImportRecord(row);
  }

  /** The clients whose details the import changed, with the fields, before and after. */
  async changedClients(importId: number, range: { start: number; end: number }) {
    await this.get(importId);
    return changedClientsOf(this.knex, importId, range);
  }

  async list({ sort, range, filter }: ListQuery<ImportFilter>) {
    const filtered = this.knex('statement_imports as i').modify((q) => {
      if (filter.id) q.whereIn('i.id', filter.id);
      if (filter.status) q.where('i.status', filter.status);
      if (filter.q) q.whereRaw('i.file_name ILIKE ?', [`%${escapeLike(filter.q)}%`]);
      if (filter.clientId) {
        const clientId = filter.clientId;
        q.where((touched) =>
          touched
            .whereExists(this.knex('commissions as m').whereRaw('m.import_id = i.id').where('m.client_id', clientId))
            .orWhereExists(this.knex('statement_import_clients as t').whereRaw('t.import_id = i.id').where('t.client_id', clientId))
            // Imports recorded before statement_import_clients existed: through the audit trail.
            .orWhereExists(this.knex('audit_entries as e').whereRaw('e.import_id = i.id').where({ 'e.record_type': 'client', 'e.record_id': clientId })),
        );
      }
    });
    const clientId = filter.clientId;
    const page = await fetchPage<ImportRow>(filtered, {
      counter: 'statement_imports',
      // On a client's page, that client's own lines of each import, counted and summed in SQL.
      select: (q) =>
        q.select(IMPORT_COLUMNS).modify((selected) => {
          if (!clientId) return;
          selected.select(
            this.knex.raw('(SELECT count(*)::int FROM commissions m WHERE m.import_id = i.id AND m.client_id = ?) AS client_lines', [clientId]),
            this.knex.raw('(SELECT coalesce(sum(m.amount), 0.00)::text FROM commissions m WHERE m.import_id = i.id AND m.client_id = ?) AS client_amount', [clientId]),
          );
        }),
      orderBy: IMPORT_SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'i.id',
      range,
    });
    return { total: page.total, capped: page.capped, rows: page.rows.map(toImportRecord) };
  }

  /** Rejected rows flattened to one line per reason, in file order. */
  async rejections(importId: number, range: { start: number; end: number }) {
    await this.get(importId);
    const filtered = this.knex('statement_import_rejections as r').crossJoin(this.knex.raw('jsonb_array_elements(r.errors) WITH ORDINALITY AS e(error, position)')).where('r.import_id', importId);
    const [rows, [{ count }]] = await Promise.all([
      filtered
        .clone()
        .select(
          'r.row',
          this.knex.raw("e.error->>'column' AS column"),
          this.knex.raw("e.error->>'message' AS message"),
          this.knex.raw("e.error->>'code' AS code"),
          this.knex.raw("e.error->'params' AS params"),
        )
        .orderBy([{ column: 'r.row' }, { column: 'e.position' }])
        .offset(range.start)
        .limit(range.end - range.start + 1),
      filtered.clone().count('* as count'),
    ]);
    return {
      total: Number(count),
      rows: rows.map((row: RejectedRowError, index: number) => ({
        id: range.start + index + 1,
        row: row.row,
        column: row.column,
        message: row.message,
        code: row.code ?? null,
        params: row.params ?? null,
      })),
    };
  }

  /** Everything the error report needs; rejected rows come in file order, a page at a time. */
  async reportSource(importId: number) {
    const row = await this.knex('statement_imports').select('file_name', 'columns').where('id', importId).first();
    if (!row) throw notFound({ code: 'import.notFound' });
    const knex = this.knex;
    type Rejected = { row: number; errors: RowError[]; cells: Array<string | number | null> };
    return {
      fileName: row.file_name as string,
      columns: row.columns as string[],
      // Keyset pages on the primary key (import_id, row): memory stays flat however many rows were rejected.
      async *rows(): AsyncGenerator<Rejected> {
        let after = 0;
        for (;;) {
          const page: Rejected[] = await knex('statement_import_rejections').select('row', 'errors', 'cells').where('import_id', importId).andWhere('row', '>', after).orderBy('row').limit(1000);
          yield* page;
          if (page.length < 1000) return;
          after = page[page.length - 1].row;
        }
      },
    };
  }

  /** The verdicts of the preview's first rows: judgeRows, the import's own function. */
  judgeSample(rows: StatementRowCells[], setup: VerdictSetup) {
    return judgeRows(this.knex, rows, setup, new Set());
  }

  /** Valid and rejected rows of the whole file, before the import starts (bounded in time). */
  countVerdicts(workbook: StatementWorkbook, layout: { sheet: string; headerRow: number }, setup: VerdictSetup, budgetMs: number) {
    return countVerdicts(this.knex, workbook, layout, setup, { budgetMs });
  }
}

/** One error of a rejected row, as the rejected-rows page reads it. */
interface RejectedRowError {
  row: number;
  column: string | null;
  message: string;
  code: string | null;
  params: Record<string, unknown> | null;
}

export const duplicateImport = (earlier: StatementImportRecord) =>
  new HttpError(
    409,
    { code: 'import.alreadyImported', params: { id: String(earlier.id), createdAt: earlier.createdAt.toISOString(), fileName: earlier.fileName } },
    { file: { code: 'import.alreadyImportedField', params: { id: String(earlier.id) } } },
  );
