/** What the Imports page sends and receives besides react-admin's records (see importDataProvider.ts). */
export interface ImportField {
  field: string;
  label: string;
}
export interface RowError {
  column: string | null;
  message: string;
}
export interface SavedMapping {
  id: number;
  name: string;
  insurer: string | null;
  mapping: Record<string, string>;
  columns: string[] | null;
  sheet: string | null;
}
/** What the preview and the upload are told besides the file (the API decides the rest the same way for both). */
export interface StatementChoices {
  /** A saved mapping, as it is. */
  mappingId?: number;
  /** A mapping the user changed (replaces mappingId). */
  mapping?: Record<string, string>;
  /** The file's insurer; undefined lets the applied mapping's apply. */
  insurer?: string;
  /** `YYYY-MM`, when no column gives the commission date. */
  period?: string;
  /** The tab to import, by name; undefined lets the API choose. */
  sheet?: string;
}
export type RowStatus = 'line' | 'empty' | 'summary' | 'rejected' | 'unmapped';
export interface StatementPreview {
  fileName: string;
  format: string;
  /** The tab read, and every visible tab in tab order. */
  sheet: string;
  sheets: Array<{ name: string; rows: number }>;
  headerRow: number;
  columns: string[];
  fields: ImportField[];
  mapping: Record<string, string>;
  appliedMapping: { id: number; name: string } | null;
  mappingErrors: Record<string, string>;
  insurer: string | null;
  period: string | null;
  periodFound: { period: string; text: string } | null;
  totalRows: number;
  counts: { rows: number; valid: number; rejected: number; skipped: number; complete: boolean } | null;
  /** Date columns whose every date is implausible, said in the user's language. */
  dateWarnings: Array<{ message: string }>;
  /** Each shown row: its cells as read, its verdict, and the values a line would be written with. */
  rows: Array<{ row: number; cells: Array<string | number | null>; status: RowStatus; errors: RowError[]; values?: Record<string, unknown> }>;
  duplicateOf: { id: number; fileName: string; createdAt: string } | null;
  savedMappings: SavedMapping[];
}
/** A mapping saved under a name, for the next files of the same layout. */
export interface ImportMappingInput {
  name: string;
  insurer: string | null;
  mapping: Record<string, string>;
  columns: string[];
  sheet: string;
}
/** Import workers seen in the last minute, and the imports waiting for one. */
export interface ImportWorkers {
  alive: number;
  queued: number;
}
