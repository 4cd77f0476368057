import { Model, snakeCaseMappers } from 'objection';
import type { CommissionFields } from '../../shared/entities/commission';

// The columns are declared once, in shared/entities/commission.ts; the model takes them by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Commission extends CommissionFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Commission extends Model {
  static tableName = 'commissions';
  static columnNameMappers = snakeCaseMappers();
}
