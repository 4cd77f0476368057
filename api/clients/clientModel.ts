import { Model, snakeCaseMappers } from 'objection';

/** Writes of clients; reads go through ClientService's SQL, which answers ClientRecord. */
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
  createdAt!: Date;
  updatedAt!: Date;
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
  /** Moves on with every update (trigger clients_bump_version); an update may carry the one it started from. */
  version: number;
  /** Numbers of the clients merged into this one, still found by search and imports. */
  aliases: string[];
  /** When the personal fields were replaced by a neutral label; they stay so. */
  anonymisedAt: Date | null;
}
