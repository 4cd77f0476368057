import { Model, snakeCaseMappers } from 'objection';

/** Columns PostgreSQL derives (search and uniqueness keys): never sent to clients. */
const DERIVED_COLUMNS = ['clientNumberKey', 'phoneDigits', 'searchText'];

export class Client extends Model {
  static tableName = 'clients';
  static columnNameMappers = snakeCaseMappers();

  id!: number;
  clientNumber!: string | null;
  lastName!: string;
  firstName!: string | null;
  email!: string | null;
  phone!: string | null;
  address!: string | null;
  advisorId!: number | null;
  activeContracts?: number;
  createdAt!: Date;
  updatedAt!: Date;

  $formatJson(json: Record<string, unknown>) {
    const formatted = super.$formatJson(json);
    for (const column of DERIVED_COLUMNS) delete formatted[column];
    return formatted;
  }
}

/** The public shape of a client, as the API answers it. */
export interface ClientRecord {
  id: number;
  clientNumber: string | null;
  lastName: string;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  advisorId: number | null;
  activeContracts: number;
  createdAt: Date;
  updatedAt: Date;
}
