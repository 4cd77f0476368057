import { Model, snakeCaseMappers } from 'objection';

export class Commission extends Model {
  static tableName = 'commissions';
  static columnNameMappers = snakeCaseMappers();

  id!: number;
  contractId!: number | null;
  clientId!: number | null;
  advisorId!: number | null;
  importId!: number | null;
  date!: string;
  amount!: number;
  label!: string | null;
  clientNumber!: string | null;
  clientName!: string | null;
}
