import type { RaRecord } from 'react-admin';
import { advisorName } from '../advisors/advisorName';
import type { ListExport } from '../common/ExportListButton';
import { recordsById, toWorkbook, type ExportColumn, type ExportRow } from '../common/listExport';
import { formatPhone } from '../common/phone';
import { CLIENT_DETAILS } from '../../../shared/entities/client';

const EXPORT_FIELDS = [...CLIENT_DETAILS, 'activeContracts', 'createdAt'] as const;
const WIDTHS: Record<string, number> = { lastName: 20, firstName: 18, clientNumber: 16, email: 32, phone: 18, address: 40, advisorId: 24, activeContracts: 10, createdAt: 14 };

export function exportColumns(translate: (key: string) => string): ExportColumn[] {
  return EXPORT_FIELDS.map((key) => ({ key, label: translate(`resources.clients.fields.${key}`), width: WIDTHS[key] }));
}

export function toExportRows(clients: RaRecord[], advisorsById: Map<unknown, RaRecord>): ExportRow[] {
  return clients.map((client) => ({
    lastName: client.lastName ?? null,
    firstName: client.firstName ?? null,
    clientNumber: client.clientNumber ?? null,
    email: client.email ?? null,
    phone: client.phone ? formatPhone(client.phone) : null,
    address: client.address ?? null,
    advisorId: advisorLabel(advisorsById.get(client.advisorId)),
    activeContracts: client.activeContracts ?? 0,
    createdAt: client.createdAt ? new Date(client.createdAt) : null,
  }));
}

/** The clients list's export: referents by name, phones as the list shows them, addresses wrapped. */
export const clientExport: ListExport = {
  columns: exportColumns,
  rows: async (clients, { dataProvider }) =>
    toExportRows(
      clients,
      await recordsById(
        dataProvider,
        'advisors',
        clients.map((client) => client.advisorId),
      ),
    ),
  wrapColumns: ['address'],
};

/** The clients' workbook as the button writes it. */
export function toXlsx(columns: ExportColumn[], rows: ExportRow[], sheetName: string): Promise<Blob> {
  return toWorkbook(columns, rows, sheetName, { wrapColumns: clientExport.wrapColumns });
}

const advisorLabel = (advisor: RaRecord | undefined) => (advisor ? advisorName(advisor) : null);
