import type { SvgIconComponent } from '@mui/icons-material';
import { Box, Typography } from '@mui/material';
import { CreateButton, useTranslate } from 'react-admin';

/** A list with nothing in it yet: what the page is for, and the button to start (for those allowed to). */
export const ListEmptyState = ({ icon: Icon, title, invite, createLabel }: { icon: SvgIconComponent; title: string; invite: string; createLabel: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, mx: 'auto', maxWidth: 560, px: 2 }}>
      <Icon sx={{ fontSize: 96, color: 'text.disabled' }} />
      <Typography variant="h5" component="p" gutterBottom>
        {translate(title)}
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mb: 3 }}>
        {translate(invite)}
      </Typography>
      <CreateButton variant="contained" label={createLabel} />
    </Box>
  );
};
