/**
 * The one definition of an active contract: status `active` and an end date that is empty or
 * not past (Paris time). It is the SQL function `contract_is_active` (migration
 * 20261127_02_managed_contracts); every count, filter and flag calls it through this fragment,
 * so the clients list, the client page, the contracts list and the exports cannot disagree.
 * PostgreSQL inlines the function, so the partial index `contracts_client_active` still serves it.
 */
export const contractIsActive = (alias: string) => `contract_is_active(${alias}.status, ${alias}.end_date)`;

/** Active contracts of the client row aliased `clientAlias`, counted by the database. */
export const activeContractsOf = (clientAlias: string) => `(SELECT count(*) FROM contracts ct WHERE ct.client_id = ${clientAlias}.id AND ${contractIsActive('ct')})::int`;
