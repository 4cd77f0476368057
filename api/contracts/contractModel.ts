import { Model, snakeCaseMappers } from 'objection';
import type { ContractFields } from '../../shared/entities/contract';

// The columns are declared once, in shared/entities/contract.ts; the model takes them by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Contract extends ContractFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Contract extends Model {
  static tableName = 'contracts';
  static columnNameMappers = snakeCaseMappers();
}
