import type { Knex } from 'knex';
import { z } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { frenchFullNameKey } from '../database/frenchOrder';
import { escapeLike } from '../listing/likePattern';
import { fetchPage } from '../listing/listPage';
import { HttpError, notFound } from '../http/httpError';
import { idList, optionalId, type ListQuery } from '../http/simpleRest';
import { normaliseName } from '../../shared/contactDetails';
import { codedIssue, fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';
import { Advisor } from './advisorModel';
import { ADVISOR_FIELDS, type AdvisorFields, type AdvisorRecord } from '../../shared/entities/advisor';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';

// Cleaned as clients' names are (invisible characters removed, white space collapsed): a name of zero-width spaces is no name.
const name = (label: LabelCode) =>
  z
    .string({ error: fieldIssue('field.required', label) })
    .transform(normaliseName)
    .pipe(z.string().min(1, fieldIssue('field.required', label)).max(200));

export const advisorInputSchema = z.object({
  lastName: name('label.lastName'),
  firstName: name('label.firstName'),
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.email(codedIssue('field.emailInvalid')).trim().toLowerCase().nullable().optional()),
});
export const advisorFilterSchema = z.object({ q: z.string().max(200).optional(), id: idList.optional(), clientId: optionalId }).strict();
export const ADVISOR_SORTABLE = ['id', 'lastName', 'firstName', 'email'] as const;

// French order (accents and case ignored): by last name then first name, or the other way round.
const SORT_COLUMNS: Record<string, string> = {
  id: 'a.id',
  lastName: frenchFullNameKey('a.last_name', 'a.first_name'),
  firstName: frenchFullNameKey('a.first_name', 'a.last_name'),
  email: 'a.email',
};

export class AdvisorService {
  constructor(private readonly knex: Knex) {}

  async list({ sort, range, filter }: ListQuery<z.infer<typeof advisorFilterSchema>>) {
    const filtered = this.knex('advisors as a').modify((q) => {
      if (filter.id) q.whereIn('a.id', filter.id);
      if (filter.q) {
        q.whereRaw(`f_unaccent(lower(a.last_name || ' ' || a.first_name || ' ' || coalesce(a.email, ''))) LIKE '%' || f_unaccent(lower(?)) || '%'`, [escapeLike(filter.q.trim())]);
      }
      if (filter.clientId) {
        q.whereRaw('a.id IN (SELECT advisor_id FROM clients WHERE id = ? UNION SELECT advisor_id FROM contracts WHERE client_id = ?)', [filter.clientId, filter.clientId]);
      }
    });
    const page = await fetchPage<Row<AdvisorFields>>(filtered, {
      counter: 'advisors',
      select: (q) => q.select(ADVISOR_FIELDS.map((field) => `a.${columnName(field)}`)),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'a.id',
      range,
    });
    return { ...page, rows: page.rows.map(toAdvisorRecord) };
  }

  async get(id: number) {
    const advisor = await this.knex('advisors').select(ADVISOR_FIELDS.map(columnName)).where({ id }).first();
    if (!advisor) throw notFound({ code: 'advisor.notFound', params: { id: String(id) } });
    return toAdvisorRecord(advisor);
  }

  async create(input: z.infer<typeof advisorInputSchema>) {
    return this.write(async () => {
      const { id } = await Advisor.query(this.knex).insert(input).returning('id');
      return this.get(id);
    });
  }

  async update(id: number, input: Partial<z.infer<typeof advisorInputSchema>>) {
    return this.write(async () => {
      const updated = await Advisor.query(this.knex)
        .findById(id)
        .patch({ ...input });
      if (!updated) throw notFound({ code: 'advisor.notFound', params: { id: String(id) } });
      return this.get(id);
    });
  }

  /** Clients, contracts and commissions of a deleted advisor stay, without advisor. */
  async delete(id: number) {
    const advisor = await this.get(id);
    await Advisor.query(this.knex).deleteById(id);
    return advisor;
  }

  private async write<T>(work: () => Promise<T>) {
    try {
      return await work();
    } catch (error) {
      if (databaseErrorOf(error).constraint === 'advisors_name_key') {
        throw new HttpError(409, { code: 'advisor.nameTaken' }, { lastName: { code: 'advisor.nameTakenField' } });
      }
      throw error;
    }
  }
}

function toAdvisorRecord(row: Row<AdvisorFields>): AdvisorRecord {
  return fieldsOfRow<AdvisorFields>(ADVISOR_FIELDS, row);
}
