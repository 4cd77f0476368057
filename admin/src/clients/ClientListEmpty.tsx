import PeopleIcon from '@mui/icons-material/PeopleOutline';
import { Box, Typography } from '@mui/material';
import { CreateButton, useTranslate } from 'react-admin';

/** First visit: no client yet. Invites to create one or to import a statement. */
export const ClientListEmpty = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, mx: 'auto', maxWidth: 520, px: 2 }}>
      <PeopleIcon sx={{ fontSize: 96, color: 'text.disabled' }} />
      <Typography variant="h5" component="p" gutterBottom>
        {translate('resources.clients.empty.title')}
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mb: 3 }}>
        {translate('resources.clients.empty.invite')}
      </Typography>
      <CreateButton variant="contained" label="resources.clients.actions.create" />
    </Box>
  );
};
