import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Button } from '@mui/material';
import { AccessDenied, useGetPermissions, useTranslate } from 'react-admin';
import { Link, useLocation } from 'react-router-dom';
import { canRoleAccess, type Role } from './authProvider';
import { useEffect, useState } from 'react';

/**
 * "Non autorisé", with a way out: back to the list of the page's resource when the user's role
 * may read it (support staff on an edit page), to the clients otherwise (users, audit trail).
 */
export const AccessDeniedPage = () => {
  const translate = useTranslate();
  const { pathname } = useLocation();
  const getPermissions = useGetPermissions();
  const [role, setRole] = useState<Role | undefined>();
  useEffect(() => {
    getPermissions().then(setRole, () => setRole(undefined));
  }, [getPermissions]);
  const resource = pathname.split('/').filter(Boolean)[0];
  const backToList = !!resource && canRoleAccess(role, 'list', resource);
  return (
    <Box>
      <AccessDenied />
      <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2 }}>
        <Button component={Link} to={backToList ? `/${resource}` : '/clients'} variant="contained" startIcon={<ArrowBackIcon />}>
          {translate(backToList ? 'app.access_denied.back_to_list' : 'app.access_denied.back_to_clients')}
        </Button>
      </Box>
    </Box>
  );
};
