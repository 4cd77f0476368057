import { everyField } from './fieldNames';

/** A client as the table `clients` keeps it (the Objection model `Client` takes these fields). */
export interface ClientFields {
  id: number;
  /** The insurer's reference of the client; unique once folded (f_number_key). */
  clientNumber: string | null;
  lastName: string;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  /** The referent advisor. */
  advisorId: number | null;
  /** Moves on with every update (trigger clients_bump_version); an update may carry the one it started from. */
  version: number;
  /** When the personal fields were replaced by a neutral label; they stay so. */
  anonymisedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const CLIENT_FIELDS = everyField<ClientFields>()(['id', 'clientNumber', 'lastName', 'firstName', 'email', 'phone', 'address', 'advisorId', 'version', 'anonymisedAt', 'createdAt', 'updatedAt']);

/** What the API answers for a client: its fields, and what the database computes beside them. */
export interface ClientRecord extends ClientFields {
  /** Contracts active today (contract_is_active), counted in the list query itself. */
  activeContracts: number;
  /** Numbers of the clients merged into this one, still found by search and imports. */
  aliases: string[];
}

/** The fields a user fills in, in the page's order: what a merge chooses among and an export lists. */
export const CLIENT_DETAILS = ['lastName', 'firstName', 'clientNumber', 'email', 'phone', 'address', 'advisorId'] as const;
export type ClientDetail = (typeof CLIENT_DETAILS)[number];

/** The fields that say who the person is: what anonymisation replaces. */
export const CLIENT_PERSONAL_FIELDS = ['lastName', 'firstName', 'email', 'phone', 'address'] as const satisfies readonly ClientDetail[];
export type ClientPersonalField = (typeof CLIENT_PERSONAL_FIELDS)[number];
