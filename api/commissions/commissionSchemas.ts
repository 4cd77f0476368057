import { z } from 'zod';
import { idList, optionalId } from '../http/simpleRest';
import { amountField, isIsoDate, isoDate, optionalRecordId, optionalText, recordIdField } from '../validation/fields';

const filterDate = (label: string) =>
  z.string().refine(isIsoDate, `${label} doit être une date réelle au format AAAA-MM-JJ.`).optional();

export const commissionFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    id: idList.optional(),
    clientId: optionalId,
    contractId: optionalId,
    advisorId: optionalId,
    importId: optionalId,
    // The period, both days included.
    dateFrom: filterDate('La date de début'),
    dateTo: filterDate('La date de fin'),
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
  contractId: recordIdField('Contrat'),
  date: isoDate('La date'),
  amount: amountField('Le montant'),
  label: optionalText(500, 'Le libellé'),
  clientId: optionalRecordId('Client'),
  advisorId: optionalRecordId('Conseiller'),
});
export type CommissionInput = z.infer<typeof commissionInputSchema>;
export const commissionUpdateSchema = commissionInputSchema.partial();
export type CommissionUpdate = z.infer<typeof commissionUpdateSchema>;
