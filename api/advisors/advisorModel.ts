import { Model, snakeCaseMappers } from 'objection';

export class Advisor extends Model {
  static tableName = 'advisors';
  static columnNameMappers = snakeCaseMappers();

  id!: number;
  firstName!: string;
  lastName!: string;
  email!: string | null;
}
