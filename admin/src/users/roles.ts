export const ROLE_CHOICES = [
  { id: 'admin', name: 'resources.users.roles.admin' },
  { id: 'support', name: 'resources.users.roles.support' },
];
