import type { MessageCode } from '../fr/index';
import { accounts } from './accounts';
import { clients } from './clients';
import { contracts } from './contracts';
import { fields } from './fields';
import { requests } from './requests';
import { statements } from './statements';
import { uploads } from './uploads';

/** The English catalogue: each French code (../fr) with the same placeholders, one file per domain as in French. */
export const en: Record<MessageCode, string> = { ...statements, ...requests, ...fields, ...accounts, ...clients, ...contracts, ...uploads };
