import { testServices } from './testServices';

/**
 * The two databases a test that touches the database runs on: the real server (PostgreSQL 15)
 * and the embedded default (PGlite). Without a server, the first one falls back to PGlite too,
 * and its name says so.
 */
export const DATABASES: Array<[string, boolean]> = [
  [testServices.postgresAdminUrl ? 'PostgreSQL' : 'PostgreSQL — NOT RUN: no server, PGlite instead', false],
  ['PGlite', true],
];
