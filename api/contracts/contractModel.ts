import { Model, snakeCaseMappers } from 'objection';

export const CONTRACT_STATUSES = ['active', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export class Contract extends Model {
  static tableName = 'contracts';
  static columnNameMappers = snakeCaseMappers();

  id!: number;
  contractNumber!: string;
  clientId!: number | null;
  advisorId!: number | null;
  product!: string | null;
  insurer!: string | null;
  status!: ContractStatus;
  startDate!: string | null;
  endDate!: string | null;
}
