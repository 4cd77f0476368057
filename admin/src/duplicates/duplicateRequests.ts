import type { Identifier } from 'react-admin';
import { defaultHttpClient } from '../dataProvider';

/**
 * The two writes of the duplicates pages, straight to the API (they are actions, not records):
 * both wait for the server's answer, so nothing says "done" before it agreed.
 */
export async function dismissGroup(groupId: Identifier) {
  return (await defaultHttpClient(`/api/duplicates/${encodeURIComponent(String(groupId))}/dismiss`, { method: 'POST', body: '{}' })).json;
}

export async function mergeClients(keptId: Identifier, sourceIds: Identifier[], values: Record<string, unknown>) {
  return (await defaultHttpClient(`/api/clients/${encodeURIComponent(String(keptId))}/merge`, { method: 'POST', body: JSON.stringify({ sourceIds, values }) })).json;
}

/** The API's refusal, as the message to show. */
export const refusalOf = (failure: unknown) => {
  const body = (failure as { body?: { message?: string } }).body;
  return body?.message ?? (failure as Error).message;
};
