import { everyField } from './fieldNames';

export const ROLES = ['admin', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** A user of the back-office as the table `users` keeps it (the Objection model `User` takes these fields). */
export interface UserFields {
  id: number;
  email: string;
  fullName: string;
  role: Role;
  active: boolean;
  /** argon2id; never answered by the API. */
  passwordHash: string;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const USER_FIELDS = everyField<UserFields>()(['id', 'email', 'fullName', 'role', 'active', 'passwordHash', 'lastLoginAt', 'createdAt', 'updatedAt']);

/** What the API answers for a user. */
export type UserRecord = Pick<UserFields, 'id' | 'email' | 'fullName' | 'role' | 'active' | 'lastLoginAt' | 'createdAt'>;

/** What a session knows of its user. */
export type SessionUser = Pick<UserFields, 'id' | 'email' | 'fullName' | 'role'>;
