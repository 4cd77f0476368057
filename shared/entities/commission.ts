import { everyField } from './fieldNames';

export const COMMISSION_SOURCES = ['import', 'manual'] as const;
/** 'import' (read-only) or 'manual' (entered by hand, may be corrected or deleted). */
export type CommissionSource = (typeof COMMISSION_SOURCES)[number];

/** A commission line as the table `commissions` keeps it (the Objection model `Commission` takes these fields). */
export interface CommissionFields {
  id: number;
  contractId: number | null;
  clientId: number | null;
  advisorId: number | null;
  importId: number | null;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Exact decimal text with two decimals (`1234.50`), as numeric(14,2) reads back and the API answers it (docs/database.md, "Money"). */
  amount: string;
  label: string | null;
  /** The client's number and name as the line was written, kept once the client is gone. */
  clientNumber: string | null;
  clientName: string | null;
  source: CommissionSource;
}

export const COMMISSION_FIELDS = everyField<CommissionFields>()(['id', 'contractId', 'clientId', 'advisorId', 'importId', 'date', 'amount', 'label', 'clientNumber', 'clientName', 'source']);
