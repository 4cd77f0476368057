import { Model, snakeCaseMappers } from 'objection';
import type { ClientFields } from '../../shared/entities/client';

// The columns are declared once, in shared/entities/client.ts; the model takes them by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Client extends ClientFields {}

/** Writes of clients; reads go through ClientService's SQL, which answers ClientRecord. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Client extends Model {
  static tableName = 'clients';
  static columnNameMappers = snakeCaseMappers();
}
