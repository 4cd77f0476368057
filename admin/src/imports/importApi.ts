import { languageHeaders } from '../common/languageHeaders';
import { attachmentFileName } from '../dataProvider';

/**
 * The multipart calls of the Imports page (react-admin's data provider only speaks JSON).
 * Errors keep the API's `{ message, errors }`, said in the UI's language (Accept-Language).
 */
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

export class ImportApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** In the UI's language, like every other call: the API answers its messages and files in it. */
function request(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...languageHeaders(), ...((init.headers as Record<string, string>) ?? {}) } });
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  const response = await request(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ImportApiError(body.message ?? `Erreur ${response.status}`, response.status, body.errors ?? {});
  return body as T;
}

function form(file: File, fields: Record<string, string | undefined>) {
  const data = new FormData();
  data.append('file', file, file.name);
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) data.append(name, value);
  return data;
}

function choiceFields(choices: StatementChoices): Record<string, string | undefined> {
  return {
    mappingId: choices.mapping ? undefined : choices.mappingId?.toString(),
    mapping: choices.mapping ? JSON.stringify(choices.mapping) : undefined,
    insurer: choices.insurer,
    period: choices.period,
    sheet: choices.sheet,
  };
}

export const importApi = {
  preview: (file: File, choices: StatementChoices = {}) => send<StatementPreview>('/api/imports/preview', { method: 'POST', body: form(file, choiceFields(choices)) }),
  start: (file: File, choices: StatementChoices, force: boolean) =>
    send<{ id: number }>('/api/imports', { method: 'POST', body: form(file, { ...choiceFields(choices), force: force ? 'true' : undefined }) }),
  /** Import workers seen in the last minute, and the imports waiting for one. */
  workers: () => send<{ alive: number; queued: number }>('/api/imports/workers', { method: 'GET' }),
  /** The rejected rows as a workbook, its texts in the UI's language. */
  rejectedRows: async (importId: number) => {
    const response = await request(`/api/imports/${importId}/errors.xlsx`, { method: 'GET', headers: { Accept: '*/*' } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new ImportApiError(body.message ?? `Erreur ${response.status}`, response.status, body.errors ?? {});
    }
    return { blob: await response.blob(), fileName: attachmentFileName(response.headers.get('Content-Disposition')) ?? `import-${importId}.xlsx` };
  },
  saveMapping: (input: { name: string; insurer: string | null; mapping: Record<string, string>; columns: string[]; sheet: string }) =>
    send<SavedMapping>('/api/imports/mappings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) }),
};
