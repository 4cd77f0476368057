import { fetchAttachment } from '../common/attachment';
import type { HttpClient } from '../dataProvider';
import type { ImportMappingInput, ImportWorkers, SavedMapping, StatementChoices, StatementPreview } from './importTypes';

/**
 * The Imports page's calls, merged into the app's data provider: multipart uploads go through
 * its httpClient (fetchJson leaves FormData's content type to the browser), so a refusal is
 * react-admin's HttpError with the API's `{ message, errors }` as its body.
 */
export interface ImportDataProvider {
  /** What importing the file with these choices would do, row by row. */
  previewStatement(file: File, choices?: StatementChoices): Promise<StatementPreview>;
  /** Queues the import; `force` imports a file already imported. */
  startImport(file: File, choices: StatementChoices, force: boolean): Promise<{ id: number }>;
  getImportWorkers(): Promise<ImportWorkers>;
  /** The rejected rows as a workbook, its texts in the UI's language. */
  getRejectedRows(importId: number): Promise<{ blob: Blob; fileName: string }>;
  saveImportMapping(input: ImportMappingInput): Promise<SavedMapping>;
}

export function importMethods(apiUrl: string, httpClient: HttpClient): ImportDataProvider {
  return {
    async previewStatement(file, choices = {}) {
      const { json } = await httpClient(`${apiUrl}/imports/preview`, { method: 'POST', body: form(file, choiceFields(choices)) });
      return json;
    },
    async startImport(file, choices, force) {
      const { json } = await httpClient(`${apiUrl}/imports`, { method: 'POST', body: form(file, { ...choiceFields(choices), force: force ? 'true' : undefined }) });
      return json;
    },
    async getImportWorkers() {
      const { json } = await httpClient(`${apiUrl}/imports/workers`);
      return json;
    },
    getRejectedRows(importId) {
      return fetchAttachment(`${apiUrl}/imports/${importId}/errors.xlsx`, `import-${importId}.xlsx`);
    },
    async saveImportMapping(input) {
      const { json } = await httpClient(`${apiUrl}/imports/mappings`, { method: 'POST', body: JSON.stringify(input) });
      return json;
    },
  };
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
