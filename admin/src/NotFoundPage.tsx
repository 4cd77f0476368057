import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import { Box, Button, Typography } from '@mui/material';
import { LinkBase, Title, useTranslate } from 'react-admin';

/**
 * "Page manquante", with a way back to the clients. react-admin's own page writes a second
 * <h1> under the app bar's title and greys its text under WCAG AA contrast.
 */
export const NotFoundPage = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, mx: 'auto', maxWidth: 560, px: 2 }}>
      <Title title="ra.page.not_found" />
      <SearchOffIcon sx={{ fontSize: 96, color: 'text.secondary' }} />
      <Typography variant="h5" component="p" gutterBottom>
        {translate('ra.page.not_found')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {translate('ra.message.not_found')}
      </Typography>
      <Button component={LinkBase} to="/clients" variant="contained" startIcon={<ArrowBackIcon />}>
        {translate('app.access_denied.back_to_clients')}
      </Button>
    </Box>
  );
};
