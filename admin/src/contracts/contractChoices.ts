/** The status filter: active and terminated follow the API's rule (an expired contract is not active). */
export const CONTRACT_STATUS_FILTER_CHOICES = [
  { id: 'active', name: 'resources.contracts.filters.status_active' },
  { id: 'terminated', name: 'resources.contracts.filters.status_terminated' },
  { id: 'all', name: 'resources.contracts.filters.status_all' },
];

/** The statuses a contract is saved with. */
export const CONTRACT_STATUS_CHOICES = [
  { id: 'active', name: 'resources.contracts.status.active' },
  { id: 'terminated', name: 'resources.contracts.status.terminated' },
];
