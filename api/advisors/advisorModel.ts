import { Model, snakeCaseMappers } from 'objection';
import type { AdvisorFields } from '../../shared/entities/advisor';

// The columns are declared once, in shared/entities/advisor.ts; the model takes them by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Advisor extends AdvisorFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Advisor extends Model {
  static tableName = 'advisors';
  static columnNameMappers = snakeCaseMappers();
}
