import { z } from 'zod';
import { idList, optionalId } from '../http/simpleRest';
import { amountField, isIsoDate, isoDate, optionalRecordId, optionalText, recordIdField } from '../validation/fields';
import { fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';

const filterDate = (label: LabelCode) => z.string().refine(isIsoDate, fieldIssue('field.realDate', label)).optional();

export const commissionFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    id: idList.optional(),
    clientId: optionalId,
    contractId: optionalId,
    advisorId: optionalId,
    importId: optionalId,
    // The period, both days included.
    dateFrom: filterDate('label.fromDate'),
    dateTo: filterDate('label.endDate'),
    // The insurer of the line's contract, case-insensitive.
    insurer: z.string().trim().max(200).optional(),
    source: z.enum(['import', 'manual']).optional(),
  })
  .strict();
export type CommissionFilter = z.infer<typeof commissionFilterSchema>;
export const COMMISSION_SORTABLE = ['id', 'date', 'amount', 'label', 'clientNumber', 'clientName', 'contractId', 'clientId', 'advisorId'] as const;

/**
 * A line entered by hand. The client and the advisor follow from the contract unless given;
 * the amount is an exact decimal string (see amountField).
 */
export const commissionInputSchema = z.object({
  contractId: recordIdField('label.contractId'),
  date: isoDate('label.date'),
  amount: amountField('label.amount'),
  label: optionalText(500, 'label.description'),
  clientId: optionalRecordId('label.clientId'),
  advisorId: optionalRecordId('label.advisorId'),
});
export type CommissionInput = z.infer<typeof commissionInputSchema>;
export const commissionUpdateSchema = commissionInputSchema.partial();
export type CommissionUpdate = z.infer<typeof commissionUpdateSchema>;
