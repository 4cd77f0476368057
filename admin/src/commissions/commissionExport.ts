import { advisorName } from '../advisors/advisorName';
import { clientName } from '../../../shared/clientLabel';
import { spreadsheetAmount } from '../../../shared/decimalText';
import type { ListExport } from '../common/ExportListButton';
import { dateCell, referencedRecords } from '../common/listExport';

const FIELDS: [string, number][] = [
  ['date', 12],
  ['clientName', 28],
  ['clientNumber', 16],
  ['label', 48],
  ['contractId', 18],
  ['insurer', 18],
  ['advisorId', 22],
  ['amount', 14],
  ['source', 18],
];

/**
 * The Commissions list as a sheet: the client by name (or, once deleted, the name and number
 * the line was recorded with, marked as such), the contract by number, amounts as numbers.
 */
export const commissionExport: ListExport = {
  columns: (translate) =>
    FIELDS.map(([key, width]) => ({ key, width, label: translate(`resources.commissions.fields.${key === 'clientName' ? 'clientId' : key === 'clientNumber' ? 'clientNumber' : key}`) })),
  amountColumns: ['amount'],
  async rows(records, { dataProvider, translate }) {
    const { clients, contracts, advisors } = await referencedRecords(dataProvider, records, { clients: 'clientId', contracts: 'contractId', advisors: 'advisorId' });
    return records.map((line) => {
      const client = clients.get(line.clientId);
      const contract = contracts.get(line.contractId);
      const advisor = advisors.get(line.advisorId);
      const deleted = !client && line.clientName ? `${line.clientName} (${translate('resources.commissions.deleted_client')})` : null;
      return {
        date: dateCell(line.date),
        clientName: client ? clientName(client) : deleted,
        clientNumber: client?.clientNumber ?? line.clientNumber ?? null,
        label: line.label ?? null,
        contractId: contract?.contractNumber ?? null,
        insurer: contract?.insurer ?? null,
        advisorId: advisor ? advisorName(advisor) : null,
        amount: spreadsheetAmount(line.amount),
        source: translate(`resources.commissions.source.${line.source}`, { _: line.source ?? '' }),
      };
    });
  },
};
