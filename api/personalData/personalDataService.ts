import type { Knex } from 'knex';
import { recordClientAccess } from '../accessLog/accessLogService';
import { type AuditTrail } from '../audit/auditTrail';
import { clientLabel } from '../../shared/clientLabel';
import type { Actor } from '../../shared/actor';
import type { ClientRecord } from '../../shared/entities/client';
import { cleanText } from '../../shared/contactDetails';
import { notFound } from '../http/httpError';
import { AnonymisationService } from './anonymisation';
import type { Language } from '../../shared/messages/message';
import { gatherPersonalData } from './personalDataExport';
import { personalDataWorkbook } from './personalDataWorkbook';

export type PersonalDataFormat = 'xlsx' | 'json';

/** The file's name carries the client number, cleaned of invisible characters (a U+202E would turn the name around on screen). */
function exportFile(clientId: number, clientNumber: string | null, format: PersonalDataFormat) {
  const number = (clientNumber && cleanText(clientNumber)) || `client-${clientId}`;
  return { contentType: CONTENT_TYPES[format], fileName: `donnees-personnelles-${number}.${format}` };
}

const CONTENT_TYPES: Record<PersonalDataFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** The rights of access, portability (export) and erasure (anonymisation) of one client. */
export class PersonalDataService {
  private readonly anonymisation: AnonymisationService;

  constructor(
    private readonly knex: Knex,
    private readonly audit: AuditTrail,
  ) {
    this.anonymisation = new AnonymisationService(knex, audit);
  }

  /**
   * The file to send to the client. Built first, then traced: each export is an audit entry
   * ('export') and an access-log entry, written together; a failed trace fails the export, since
   * a file that left the firm unrecorded is what the log exists to prevent. Its texts are in the
   * reader's language.
   */
  async export(clientId: number, format: PersonalDataFormat, actor: Actor, language: Language = 'fr') {
    const data = await gatherPersonalData(this.knex, clientId, language);
    const body = format === 'json' ? Buffer.from(JSON.stringify(data, null, 2)) : await personalDataWorkbook(data, language);
    await this.knex.transaction(async (trx) => {
      await this.audit.record(trx, actor, [
        { action: 'export', recordType: 'client', recordId: clientId, recordLabel: clientLabel(data.client), changes: { format: { before: null, after: format } } },
      ]);
      await recordClientAccess(trx, actor, clientId, 'export');
    });
    return { body, ...exportFile(clientId, data.client.clientNumber as string | null, format) };
  }

  /** What an export would be named and typed, without building nor tracing it (HEAD). */
  async describeExport(clientId: number, format: PersonalDataFormat) {
    const client = await this.knex('clients').select('client_number').where('id', clientId).first();
    if (!client) throw notFound({ code: 'client.notFound', params: { id: String(clientId) } });
    return exportFile(clientId, client.client_number, format);
  }

  anonymise(ids: number[], actor: Actor): Promise<ClientRecord[]> {
    return this.anonymisation.anonymise(ids, actor);
  }
}
