import { useCanAccess } from 'react-admin';

/**
 * react-admin starts a list's query as soon as the access check has answered, even when it
 * answered no (the page then shows "access denied"): this keeps a support user's browser
 * from sending a request the API will refuse.
 */
export function useListQueryOptionsForAccess(resource: string) {
  const { canAccess } = useCanAccess({ resource, action: 'list' });
  return { enabled: canAccess === true };
}
