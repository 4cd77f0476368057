import { z } from 'zod';
import { idList, optionalId } from '../http/simpleRest';
import { optionalIsoDate, optionalRecordId, optionalText, requiredText } from '../validation/fields';
import { codedIssue } from '../../shared/messages/zodIssues';
import { normaliseContractNumber } from '../../shared/contactDetails';
import { CONTRACT_STATUSES } from '../../shared/entities/contract';

const statusField = z.enum(CONTRACT_STATUSES, { error: codedIssue('contract.statusExpected') });

/**
 * A contract as the form sends it. The number is stored cleaned (normaliseContractNumber) and
 * compared by its key (the database's contract_number_key, f_number_key, decides); unknown keys
 * (id, active…) are ignored.
 */
export const contractInputSchema = z.object({
  contractNumber: requiredText(100, 'label.contractNumber').transform(normaliseContractNumber),
  clientId: optionalRecordId('label.clientId'),
  advisorId: optionalRecordId('label.advisorId'),
  product: optionalText(200, 'label.product'),
  insurer: optionalText(200, 'label.insurer'),
  status: statusField.optional(),
  startDate: optionalIsoDate('label.startDate'),
  endDate: optionalIsoDate('label.endDate'),
});
export type ContractInput = z.infer<typeof contractInputSchema>;
export const contractUpdateSchema = contractInputSchema.partial();
export type ContractUpdate = z.infer<typeof contractUpdateSchema>;

/** "Résilier": the end date defaults to today (Paris time, decided by the database). */
export const terminateSchema = z.object({ endDate: optionalIsoDate('label.endDate') }).strip();

export const contractFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    id: idList.optional(),
    clientId: optionalId,
    advisorId: optionalId,
    insurer: z.string().trim().max(200).optional(),
    // active / terminated follow contract_is_active, not the stored status alone: a contract
    // whose end date is past is no longer active, whatever its status says.
    status: z.enum(['active', 'terminated', 'all'], { error: codedIssue('contract.statusFilterExpected') }).optional(),
  })
  .strict();
export type ContractFilter = z.infer<typeof contractFilterSchema>;

export const CONTRACT_SORTABLE = ['id', 'contractNumber', 'clientId', 'advisorId', 'product', 'insurer', 'status', 'startDate', 'endDate', 'active'] as const;
