import type { Knex } from 'knex';
import { z } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { HttpError, notFound } from '../http/httpError';
import { headerFingerprint, type ColumnMapping } from '../../statements/mapping/columnMapping';
import { codedIssue, fieldIssue } from '../../shared/messages/zodIssues';

/**
 * Column mappings saved under a name (one per insurer), with the insurer of their files and the
 * headers of the file they were made on: a later file with the same set of headers gets its
 * mapping applied (headerFingerprint).
 */

export const savedMappingSchema = z.object({
  name: z
    .string({ error: fieldIssue('field.required', 'label.name') })
    .trim()
    .min(1, fieldIssue('field.required', 'label.name'))
    .max(200, fieldIssue('field.tooLong', 'label.name', { max: '200' })),
  insurer: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string()
      .trim()
      .max(200, fieldIssue('field.tooLong', 'label.company', { max: '200' }))
      .nullable()
      .optional(),
  ),
  mapping: z.record(z.string(), z.string().nullable()),
  /** The headers of the file the mapping was made on: a later file with the same set gets it applied. */
  columns: z
    .array(z.string().max(500))
    .max(256, codedIssue('mapping.tooManyColumns', { max: '256' }))
    .optional(),
  /** The tab of the file the mapping was made on: chosen again in a later file that has it. */
  sheet: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string()
      .trim()
      .max(200, fieldIssue('field.tooLong', 'label.sheetName', { max: '200' }))
      .nullable()
      .optional(),
  ),
});
export type SavedMappingInput = z.infer<typeof savedMappingSchema>;

export class ImportMappingService {
  constructor(private readonly knex: Knex) {}

  async listMappings() {
    const rows = await this.knex('statement_import_mappings').select('*').orderByRaw('lower(name)');
    return rows.map(toMapping);
  }

  /** Saves a mapping under its name; the same name again replaces it (one per insurer). */
  async saveMapping(input: SavedMappingInput, mapping: ColumnMapping) {
    const { rows } = await this.knex.raw<{ rows: SavedMappingRow[] }>(
      `INSERT INTO statement_import_mappings (name, insurer, mapping, headers, header_fingerprint, sheet_name) VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?)
       ON CONFLICT ((lower(name))) DO UPDATE SET name = EXCLUDED.name, insurer = EXCLUDED.insurer, mapping = EXCLUDED.mapping,
         headers = coalesce(EXCLUDED.headers, statement_import_mappings.headers),
         sheet_name = coalesce(EXCLUDED.sheet_name, statement_import_mappings.sheet_name),
         header_fingerprint = coalesce(EXCLUDED.header_fingerprint, statement_import_mappings.header_fingerprint), updated_at = now()
       RETURNING *`,
      [input.name, input.insurer ?? null, JSON.stringify(mapping), ...headerColumns(input.columns), input.sheet ?? null],
    );
    return toMapping(rows[0]);
  }

  /**
   * PUT /api/imports/mappings/:id: renames and edits that mapping (never a copy). Another mapping
   * already holding the new name is a 409 decided by the unique index on lower(name).
   */
  async updateMapping(id: number, input: SavedMappingInput, mapping: ColumnMapping) {
    try {
      const [row] = await this.knex('statement_import_mappings')
        .where({ id })
        .update({
          name: input.name,
          insurer: input.insurer ?? null,
          mapping: JSON.stringify(mapping),
          ...(input.columns ? { headers: JSON.stringify(input.columns), header_fingerprint: headerFingerprint(input.columns) } : {}),
          ...(input.sheet !== undefined ? { sheet_name: input.sheet } : {}),
          updated_at: this.knex.fn.now(),
        })
        .returning('*');
      if (!row) throw notFound({ code: 'mapping.notFound' });
      return toMapping(row);
    } catch (error) {
      if (databaseErrorOf(error).constraint !== 'statement_import_mappings_name_key') throw error;
      throw new HttpError(409, { code: 'mapping.nameTaken', params: { name: input.name } }, { name: { code: 'mapping.nameTakenField' } });
    }
  }

  /** The saved mapping made on a file with the same headers (the latest one), if any. */
  async mappingForHeaders(columns: string[]) {
    const row = await this.knex('statement_import_mappings')
      .where({ header_fingerprint: headerFingerprint(columns) })
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    return row ? toMapping(row) : undefined;
  }

  async getMapping(id: number) {
    const row = await this.knex('statement_import_mappings').where({ id }).first();
    if (!row) throw notFound({ code: 'mapping.notFound' });
    return toMapping(row);
  }

  async deleteMapping(id: number) {
    const mapping = await this.getMapping(id);
    await this.knex('statement_import_mappings').where({ id }).delete();
    return mapping;
  }
}

/** A saved mapping as the table `statement_import_mappings` keeps it. */
interface SavedMappingRow {
  id: number;
  name: string;
  insurer: string | null;
  mapping: ColumnMapping;
  /** The header's texts when it was saved, to recognise the next file of the same layout. */
  headers: string[] | null;
  sheet_name: string | null;
  updated_at: Date;
}

function toMapping(row: SavedMappingRow) {
  return { id: row.id, name: row.name, insurer: row.insurer ?? null, mapping: row.mapping, columns: row.headers ?? null, sheet: row.sheet_name ?? null, updatedAt: row.updated_at };
}
export type SavedMapping = ReturnType<typeof toMapping>;

/** The headers and their fingerprint as bound to the insert (null when the mapping was sent without them). */
const headerColumns = (columns: string[] | undefined) => (columns ? [JSON.stringify(columns), headerFingerprint(columns)] : [null, null]);
