import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Button } from '@mui/material';
import { useEffect, useState } from 'react';
import { AccessDenied, LinkBase, Title, useGetPermissions, useTranslate } from 'react-admin';
import { canRoleAccess, refusedResource, type Role } from './authProvider';

/**
 * "Non autorisé", with a way out: back to the list of the page's resource when the user's role
 * may read it (support staff on an edit page), to the clients otherwise (users, audit trail).
 */
export const AccessDeniedPage = () => {
  const translate = useTranslate();
  const getPermissions = useGetPermissions();
  const [role, setRole] = useState<Role | undefined>();
  useEffect(() => {
    getPermissions().then(setRole, () => setRole(undefined));
  }, [getPermissions]);
  const resource = refusedResource();
  const backToList = !!resource && canRoleAccess(role, 'list', resource);
  return (
    <Box>
      <Title title="ra.page.access_denied" />
      <AccessDenied />
      <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2 }}>
        <Button component={LinkBase} to={backToList ? `/${resource}` : '/clients'} variant="contained" startIcon={<ArrowBackIcon />}>
          {translate(backToList ? 'app.access_denied.back_to_list' : 'app.access_denied.back_to_clients')}
        </Button>
      </Box>
    </Box>
  );
};
