/**
 * The columns a clients list can be sorted by: the API refuses any other, the admin offers these.
 * `relevance`: a search's ranking (api/clients/search/tolerantSearch.ts), name order without a search.
 */
export const CLIENT_SORTABLE = ['relevance', 'id', 'lastName', 'firstName', 'clientNumber', 'email', 'phone', 'activeContracts', 'advisorId', 'createdAt', 'updatedAt'] as const;
