import { Model, snakeCaseMappers } from 'objection';

export const CONTRACT_STATUSES = ['active', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Writes of contracts; reads go through ContractService's SQL, which answers ContractRecord. */
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

/** The public shape of a contract. `active` is contract_is_active(status, end date), computed by the database. */
export interface ContractRecord {
  id: number;
  contractNumber: string;
  clientId: number | null;
  advisorId: number | null;
  product: string | null;
  insurer: string | null;
  status: ContractStatus;
  startDate: string | null;
  endDate: string | null;
  active: boolean;
}

/** Fields of a contract that the audit trail records. */
export const AUDITED_CONTRACT_FIELDS = ['contractNumber', 'clientId', 'advisorId', 'product', 'insurer', 'status', 'startDate', 'endDate'] as const;
