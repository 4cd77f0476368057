import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Box, Button as MuiButton, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * The confirmation before an RGPD erasure, shared by the client page and the bulk actions:
 * what goes, what stays and why, and that it cannot be undone. Stays open (buttons disabled)
 * until the server has answered.
 */
export const AnonymiseDialog = ({
  open,
  title,
  count,
  label,
  pending,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  count: number;
  /** The neutral label the client will get (one client). */
  label?: string;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={() => !pending && onClose()} aria-labelledby="anonymise-title" aria-describedby="anonymise-content" maxWidth="sm" fullWidth>
      <DialogTitle id="anonymise-title">{title}</DialogTitle>
      <DialogContent id="anonymise-content" data-testid="anonymise-content">
        <Section title={translate('resources.clients.anonymise.erased_title')} text={translate('resources.clients.anonymise.erased', { smart_count: count, label })} />
        <Section title={translate('resources.clients.anonymise.kept_title')} text={translate('resources.clients.anonymise.kept', { smart_count: count })} />
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', color: 'error.main', mt: 2 }}>
          <WarningAmberIcon fontSize="small" sx={{ mt: '2px' }} />
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            {translate('resources.clients.anonymise.irreversible', { smart_count: count })}
          </Typography>
        </Box>
      </DialogContent>
      <DialogActions>
        <MuiButton onClick={onClose} disabled={pending}>
          {translate('ra.action.cancel')}
        </MuiButton>
        <MuiButton onClick={onConfirm} disabled={pending} variant="contained" color="error" startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}>
          {translate('resources.clients.anonymise.confirm')}
        </MuiButton>
      </DialogActions>
    </Dialog>
  );
};

const Section = ({ title, text }: { title: string; text: string }) => (
  <Box sx={{ mb: 1.5 }}>
    <Typography variant="subtitle2" component="h3">
      {title}
    </Typography>
    <Typography variant="body2">{text}</Typography>
  </Box>
);
