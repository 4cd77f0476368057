import type { contracts as french } from '../fr/contracts';

export const contracts: Record<keyof typeof french, string> = {
  'contract.notFound': 'Contract no. {id} does not exist.',
  'contract.notFoundField': 'Contract not found.',
  'contract.statusExpected': 'Status expected: active or terminated.',
  'contract.statusFilterExpected': 'Status expected: active, terminated or all.',
  'contract.alreadyTerminated': 'Contract “{number}” is already terminated.',
  'contract.alreadyTerminatedSince': 'Contract “{number}” has been terminated since {endDate:date}.',
  'contract.alreadyTerminatedField': 'Contract already terminated.',
  'contract.numberTaken': 'Contract number “{number}” is already used.',
  'contract.numberTakenBy': 'Contract number “{number}” is already used by {holder}.',
  'contract.holder': 'contract “{number}” (no. {id})',
  'contract.holderOfClient': 'contract “{number}” (no. {id}, client {client})',
  'contract.endBeforeStart': 'The end date ({endDate:date}) is before the start date ({startDate:date}).',
  'contract.endBeforeStartField': 'The end date cannot be before the start date.',

  'commission.notFound': 'Commission no. {id} does not exist.',
  'commission.importedNotChanged': 'This commission comes from an imported statement and cannot be changed: only lines entered by hand can be corrected. Add a correcting line if needed.',
  'commission.importedNotDeleted': 'This commission comes from an imported statement and cannot be deleted: only lines entered by hand can be corrected. Add a correcting line if needed.',

  'advisor.notFound': 'Advisor no. {id} does not exist.',
  'advisor.notFoundField': 'Advisor not found.',
  'advisor.chosenMissing': 'The chosen advisor does not exist.',
  'advisor.nameTaken': 'An advisor with this last name and first name already exists.',
  'advisor.nameTakenField': 'Advisor already registered.',
};
