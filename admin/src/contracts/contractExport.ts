import { advisorName } from '../advisors/advisorName';
import { clientName } from '../../../shared/clientLabel';
import type { ListExport } from '../common/ExportListButton';
import { dateCell, referencedRecords } from '../common/listExport';

const FIELDS: [string, number][] = [
  ['contractNumber', 18],
  ['clientId', 28],
  ['product', 28],
  ['insurer', 18],
  ['status', 12],
  ['startDate', 12],
  ['endDate', 12],
  ['advisorId', 22],
];

/** The Contracts list as a sheet; the status is the one shown on screen (the API's active rule: Actif, Résilié or Échu). */
export const contractExport: ListExport = {
  columns: (translate) => FIELDS.map(([key, width]) => ({ key, width, label: translate(`resources.contracts.fields.${key}`) })),
  async rows(records, { dataProvider, translate }) {
    const { clients, advisors } = await referencedRecords(dataProvider, records, { clients: 'clientId', advisors: 'advisorId' });
    return records.map((contract) => {
      const client = clients.get(contract.clientId);
      const advisor = advisors.get(contract.advisorId);
      const shown = contract.status === 'active' && contract.active === false ? 'expired' : contract.status;
      return {
        contractNumber: contract.contractNumber,
        clientId: client ? clientName(client) : null,
        product: contract.product ?? null,
        insurer: contract.insurer ?? null,
        status: translate(`resources.contracts.status.${shown}`, { _: shown }),
        startDate: dateCell(contract.startDate),
        endDate: dateCell(contract.endDate),
        advisorId: advisor ? advisorName(advisor) : null,
      };
    });
  },
};
