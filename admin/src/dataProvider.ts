import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider, type GetListResult, type Identifier, type RaRecord } from 'react-admin';
import { fetchAttachment } from './common/attachment';
import { formDraftKey, saveDraft } from './common/formDrafts';
import { languageHeaders } from './common/languageHeaders';
import { importMethods, type ImportDataProvider } from './imports/importDataProvider';

// The answer as react-admin's fetchJson gives it (its `json` is whatever the server sent).
export type HttpClient = (url: string, options?: fetchUtils.Options) => ReturnType<typeof fetchUtils.fetchJson>;

export interface SimilarClient extends RaRecord {
  lastName: string;
  firstName: string | null;
  clientNumber: string | null;
  email: string | null;
  phone: string | null;
  matchedOn: ('name' | 'email' | 'phone' | 'clientNumber')[];
  score: number;
}

export interface SimilarClientsQuery {
  lastName?: string;
  firstName?: string;
  email?: string;
  phone?: string;
  clientNumber?: string;
  excludeId?: Identifier;
}

export interface AppDataProvider extends DataProvider, ImportDataProvider {
  /** What deleting these clients would unlink, counted by the database (the delete dialogs). */
  getClientUnlinkSummary(ids: Identifier[]): Promise<ClientUnlinkSummary>;
  /** Existing clients that look like the one being typed (duplicate warning). */
  getSimilarClients(query: SimilarClientsQuery): Promise<SimilarClient[]>;
  /** Count and total amount of the commissions matching `filter`. */
  getCommissionSummary(filter: Record<string, unknown>): Promise<{ count: number; totalAmount: string }>;
  /** "Résilier": status terminated, ended on `endDate` (today by default). */
  terminateContract(id: Identifier, endDate?: string): Promise<{ data: RaRecord }>;
  /** The referent, then the advisors holding the client's contracts, with their active contracts. */
  getClientAdvisors(clientId: Identifier): Promise<ClientAdvisor[]>;
  /** Insurers named on contracts, as choices for the insurer filters. */
  getInsurers(): Promise<{ id: string; name: string }[]>;
  /** RGPD erasure of one client (idempotent): the client record as anonymised. */
  anonymiseClient(id: Identifier): Promise<{ data: RaRecord }>;
  /** RGPD erasure of a selection, all or none in one transaction: the anonymised ids. */
  anonymiseClients(ids: Identifier[]): Promise<{ data: Identifier[] }>;
  /** Retention period and access-log purge delay (admins). */
  getPersonalDataSettings(): Promise<PersonalDataSettings>;
  updatePersonalDataSettings(settings: Omit<PersonalDataSettings, 'id'>): Promise<PersonalDataSettings>;
  /** The client's personal data file (right of access), as the server named it. */
  exportPersonalData(id: Identifier, format: 'xlsx' | 'json'): Promise<{ data: { blob: Blob; fileName: string } }>;
}

export interface PersonalDataSettings {
  id: 'personal-data';
  retentionYears: number;
  accessLogMonths: number;
}

export interface ClientUnlinkSummary {
  clients: number;
  contracts: number;
  activeContracts: number;
  commissions: number;
}

export interface ClientAdvisor extends RaRecord {
  firstName: string;
  lastName: string;
  email: string | null;
  referent: boolean;
  contracts: number;
  activeContracts: number;
}

/** fetchJson asking for JSON in the UI's language; the session cookie goes along (same origin). */
export const defaultHttpClient: HttpClient = (url, options = {}) => {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  for (const [name, value] of Object.entries(languageHeaders())) if (!headers.has(name)) headers.set(name, value);
  return fetchUtils.fetchJson(url, { ...options, headers, credentials: options.credentials ?? 'same-origin' });
};

/**
 * ra-data-simple-rest over /api, plus the API's extras: the atomic bulk delete and bulk change
 * of referent of clients (one request, all or none), the contract's "Résilier" action, and the
 * similar-clients, client-advisors, insurers and commission-summary look-ups, and the Imports
 * page's uploads (imports/importDataProvider.ts).
 */
export function createDataProvider(apiUrl = '/api', httpClient: HttpClient = defaultHttpClient): AppDataProvider {
  // Past 10,000 matches the API stops counting: Content-Range ends in "/*" and X-Total-More-Than
  // says how many there are at least. The page's array is remembered with that number, so that
  // getList and getManyReference answer react-admin's partial pagination instead of a total.
  const cappedPages = new WeakMap<object, number>();
  const base = simpleRestProvider(apiUrl, async (url, options) => {
    const response = await httpClient(url, options);
    const moreThan = response.headers.get('X-Total-More-Than');
    if (moreThan !== null && response.json && typeof response.json === 'object') cappedPages.set(response.json, Number(moreThan));
    return response;
  });
  const withCappedTotal = <R extends GetListResult>(result: R, page: number): R => {
    const moreThan = cappedPages.get(result.data);
    if (moreThan === undefined) return result;
    // The API never caps below the page's end: a capped total always has a next page.
    return { ...result, total: undefined, pageInfo: { hasNextPage: true, hasPreviousPage: page > 1 }, meta: { ...result.meta, totalMoreThan: moreThan } };
  };
  return {
    ...base,
    ...importMethods(apiUrl, httpClient),
    // A write refused for an expired session keeps what was typed for the same form after the
    // next sign-in (react-admin signs out and never hands the error to the form).
    async create(resource, params) {
      return keepDraftOnExpiredSession(formDraftKey(resource), params.data, () => base.create(resource, params));
    },
    async update(resource, params) {
      return keepDraftOnExpiredSession(formDraftKey(resource, params.id), params.data, () => base.update(resource, params));
    },
    async getList(resource, params) {
      // A search in the default order (name, ascending) is answered ranked, closest spellings last.
      const ranked = resource === 'clients' && params.filter?.q?.trim() && params.sort?.field === 'lastName' && params.sort.order === 'ASC';
      const query = ranked ? { ...params, sort: { field: 'relevance', order: 'ASC' as const } } : params;
      return withCappedTotal(await base.getList(resource, query), params.pagination?.page ?? 1);
    },
    async getManyReference(resource, params) {
      return withCappedTotal(await base.getManyReference(resource, params), params.pagination?.page ?? 1);
    },
    async deleteMany(resource, params) {
      if (resource !== 'clients') return base.deleteMany(resource, params);
      const filter = encodeURIComponent(JSON.stringify({ id: params.ids }));
      const { json } = await httpClient(`${apiUrl}/clients?filter=${filter}`, { method: 'DELETE' });
      return { data: json };
    },
    async updateMany(resource, params) {
      // One atomic request for a selection of clients (all or none), one audit entry per client.
      if (resource !== 'clients') return base.updateMany(resource, params);
      const filter = encodeURIComponent(JSON.stringify({ id: params.ids }));
      const { json } = await httpClient(`${apiUrl}/clients?filter=${filter}`, { method: 'PUT', body: JSON.stringify(params.data) });
      return { data: json };
    },
    async terminateContract(id, endDate) {
      const { json } = await httpClient(`${apiUrl}/contracts/${encodeURIComponent(String(id))}/terminate`, {
        method: 'POST',
        body: JSON.stringify(endDate ? { endDate } : {}),
      });
      return { data: json };
    },
    async getClientAdvisors(clientId) {
      const { json } = await httpClient(`${apiUrl}/clients/${encodeURIComponent(String(clientId))}/advisors`);
      return json;
    },
    async getInsurers() {
      const { json } = await httpClient(`${apiUrl}/contracts/insurers`);
      return json;
    },
    async anonymiseClient(id) {
      const { json } = await httpClient(`${apiUrl}/clients/${encodeURIComponent(String(id))}/anonymise`, { method: 'POST' });
      return { data: json };
    },
    async anonymiseClients(ids) {
      const filter = encodeURIComponent(JSON.stringify({ id: ids }));
      const { json } = await httpClient(`${apiUrl}/clients/anonymise?filter=${filter}`, { method: 'POST' });
      return { data: json };
    },
    exportPersonalData(id, format) {
      return fetchAttachment(`${apiUrl}/clients/${encodeURIComponent(String(id))}/personal-data?format=${format}`, `donnees-personnelles-${String(id)}.${format}`).then((data) => ({ data }));
    },
    async getPersonalDataSettings() {
      const { json } = await httpClient(`${apiUrl}/settings/personal-data`);
      return json;
    },
    async updatePersonalDataSettings(settings) {
      const { json } = await httpClient(`${apiUrl}/settings/personal-data`, { method: 'PUT', body: JSON.stringify(settings) });
      return json;
    },
    async getClientUnlinkSummary(ids) {
      const filter = encodeURIComponent(JSON.stringify({ id: ids }));
      const { json } = await httpClient(`${apiUrl}/clients/unlink-summary?filter=${filter}`);
      return json;
    },
    async getSimilarClients(query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null && String(value).trim() !== '') params.set(key, String(value).trim());
      }
      const { json } = await httpClient(`${apiUrl}/clients/similar?${params}`);
      return json;
    },
    async getCommissionSummary(filter) {
      const { json } = await httpClient(`${apiUrl}/commissions/summary?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      return json;
    },
  };
}

async function keepDraftOnExpiredSession<T>(draftKey: string, data: unknown, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { status?: number })?.status === 401 && data && typeof data === 'object') saveDraft(draftKey, data as Record<string, unknown>);
    throw error;
  }
}

export const dataProvider = createDataProvider();
