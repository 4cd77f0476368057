/**
 * The multipart calls of the Imports page (react-admin's data provider only speaks JSON).
 * Errors keep the API's `{ message, errors }` so that the page shows the French reason.
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
}
export interface StatementPreview {
  fileName: string;
  sheetName: string;
  headerRow: number;
  columns: string[];
  fields: ImportField[];
  mapping: Record<string, string>;
  mappingErrors: Record<string, string>;
  totalRows: number;
  rows: Array<{ row: number; cells: Array<string | number | null>; status: 'line' | 'empty' | 'summary' | 'rejected' | 'unmapped'; errors: RowError[] }>;
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

async function send<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json', ...(init.headers ?? {}) }, ...init });
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

export const importApi = {
  preview: (file: File, mapping?: Record<string, string>) =>
    send<StatementPreview>('/api/imports/preview', { method: 'POST', body: form(file, { mapping: mapping ? JSON.stringify(mapping) : undefined }) }),
  start: (file: File, mapping: Record<string, string>, force: boolean) =>
    send<{ id: number }>('/api/imports', { method: 'POST', body: form(file, { mapping: JSON.stringify(mapping), force: force ? 'true' : undefined }) }),
  saveMapping: (name: string, mapping: Record<string, string>) =>
    send<SavedMapping>('/api/imports/mappings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, insurer: name, mapping }) }),
};
