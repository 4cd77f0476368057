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

  $parseDatabaseJson(json: Record<string, unknown>) {
    const parsed = super.$parseDatabaseJson(json);
    // numeric arrives as a string to keep it exact; the API's contract is a JSON number
    // (two decimals fit a double exactly enough for display and sums are done in SQL).
    if (typeof parsed.amount === 'string') parsed.amount = Number(parsed.amount);
    return parsed;
  }
}
