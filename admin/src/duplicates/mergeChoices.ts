import { CLIENT_DETAILS, type ClientDetail } from '../../../shared/entities/client';
/** The fields a merge chooses, in the order the page shows them: the client's details. */
export const MERGE_FIELDS = CLIENT_DETAILS;
export type MergeField = ClientDetail;

export interface MergeClient {
  id: number;
  contracts: number;
  commissions: number;
  [field: string]: unknown;
}

const filled = (value: unknown) => value !== null && value !== undefined && String(value).trim() !== '';

/** The client to keep by default: the one with the most history (contracts, commissions), then the oldest. */
export function defaultKept(clients: MergeClient[]): number {
  return [...clients].sort((a, b) => b.contracts + b.commissions - (a.contracts + a.commissions) || a.id - b.id)[0].id;
}

/**
 * For each field, the client whose value wins by default: the most complete one (the longest
 * filled value), the kept client on a tie. The client number is the kept client's own when it
 * has one: a merge never renumbers the client it keeps unless the user asks.
 */
export function defaultChoices(clients: MergeClient[], keptId: number): Record<MergeField, number> {
  const choices = {} as Record<MergeField, number>;
  const kept = clients.find((c) => c.id === keptId)!;
  for (const field of MERGE_FIELDS) {
    if (field === 'clientNumber' && filled(kept.clientNumber)) {
      choices[field] = kept.id;
      continue;
    }
    let best = kept;
    for (const client of clients) {
      const length = filled(client[field]) ? String(client[field]).length : -1;
      const bestLength = filled(best[field]) ? String(best[field]).length : -1;
      if (length > bestLength) best = client;
    }
    choices[field] = best.id;
  }
  return choices;
}
