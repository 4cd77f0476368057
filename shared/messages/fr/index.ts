import { accounts } from './accounts';
import { clients } from './clients';
import { contracts } from './contracts';
import { fields } from './fields';
import { requests } from './requests';
import { statements } from './statements';
import { uploads } from './uploads';

/**
 * The French catalogue: every message a user can see, by code, one file per domain. French is
 * the product's language (and the user documentation's); ../en gives each code its English.
 */
export const FR_DOMAINS = { statements, requests, fields, accounts, clients, contracts, uploads };
export const fr = { ...statements, ...requests, ...fields, ...accounts, ...clients, ...contracts, ...uploads } as const;

export type MessageCode = keyof typeof fr;
