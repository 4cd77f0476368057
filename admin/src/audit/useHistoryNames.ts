import { useGetManyAggregate, type RaRecord } from 'react-admin';
import { referencedIds, type AuditEntryLike } from '../../../shared/history/auditDescription';
import type { HistoryNames } from '../../../shared/history/historyValues';
import { advisorName } from '../advisors/advisorName';
import { clientName } from '../../../shared/clientLabel';

const byId = (records: RaRecord[] | undefined, name: (record: RaRecord) => string) => new Map((records ?? []).map((record) => [Number(record.id), name(record)]));

/**
 * The names of the advisors, clients and contracts an entry points at by id, fetched in batches
 * across the page's entries (getMany: a record deleted since is simply missing, and the
 * description shows its number).
 */
export function useHistoryNames(entry: AuditEntryLike | undefined): HistoryNames {
  const ids = referencedIds(entry ? [entry] : []);
  const { data: advisors } = useGetManyAggregate('advisors', { ids: ids.advisors }, { enabled: ids.advisors.length > 0 });
  const { data: clients } = useGetManyAggregate('clients', { ids: ids.clients }, { enabled: ids.clients.length > 0 });
  const { data: contracts } = useGetManyAggregate('contracts', { ids: ids.contracts }, { enabled: ids.contracts.length > 0 });
  return {
    advisors: byId(advisors, (record) => advisorName(record)),
    clients: byId(clients, (record) => clientName(record) + (record.clientNumber ? ` (${String(record.clientNumber)})` : '')),
    contracts: byId(contracts, (record) => String(record.contractNumber)),
  };
}
