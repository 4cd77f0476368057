/** The columns a clients list can be sorted by: the API refuses any other, the admin offers these. */
export const CLIENT_SORTABLE = ['id', 'lastName', 'firstName', 'clientNumber', 'email', 'phone', 'activeContracts', 'advisorId', 'createdAt', 'updatedAt'] as const;
