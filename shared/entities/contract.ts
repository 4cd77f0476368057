import { everyField } from './fieldNames';

export const CONTRACT_STATUSES = ['active', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** A contract as the table `contracts` keeps it (the Objection model `Contract` takes these fields). */
export interface ContractFields {
  id: number;
  contractNumber: string;
  clientId: number | null;
  advisorId: number | null;
  product: string | null;
  insurer: string | null;
  status: ContractStatus;
  /** `YYYY-MM-DD`, as PostgreSQL's date reads back (the pg type parser keeps dates as text). */
  startDate: string | null;
  endDate: string | null;
}

export const CONTRACT_FIELDS = everyField<ContractFields>()(['id', 'contractNumber', 'clientId', 'advisorId', 'product', 'insurer', 'status', 'startDate', 'endDate']);

/** What the API answers: `active` is contract_is_active(status, end date), computed by the database. */
export interface ContractRecord extends ContractFields {
  active: boolean;
}

/** Fields of a contract that the audit trail records: all but its id. */
export const AUDITED_CONTRACT_FIELDS = CONTRACT_FIELDS.filter((field): field is Exclude<keyof ContractFields, 'id'> => field !== 'id');
