import { Model, snakeCaseMappers } from 'objection';
import type { UserFields } from '../../shared/entities/user';

// The columns are declared once, in shared/entities/user.ts; the model takes them by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface User extends UserFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class User extends Model {
  static tableName = 'users';
  static columnNameMappers = snakeCaseMappers();

  $formatJson(json: Record<string, unknown>) {
    const formatted = super.$formatJson(json);
    delete formatted.passwordHash;
    return formatted;
  }
}
