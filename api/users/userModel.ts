import { Model, snakeCaseMappers } from 'objection';

export const ROLES = ['admin', 'support'] as const;
export type Role = (typeof ROLES)[number];

export class User extends Model {
  static tableName = 'users';
  static columnNameMappers = snakeCaseMappers();

  id!: number;
  email!: string;
  fullName!: string;
  role!: Role;
  active!: boolean;
  passwordHash!: string;
  lastLoginAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;

  $formatJson(json: Record<string, unknown>) {
    const formatted = super.$formatJson(json);
    delete formatted.passwordHash;
    return formatted;
  }
}

/** What a session knows of its user. */
export interface SessionUser {
  id: number;
  email: string;
  fullName: string;
  role: Role;
}
