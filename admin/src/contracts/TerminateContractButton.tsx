import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { localeTag } from '../common/locale';
import type { AppDataProvider } from '../dataProvider';

/** Today in Paris, as YYYY-MM-DD: the firm's day, like the API's default end date. */
export const firmToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

/**
 * "Résilier": asks for the end date (today by default), then sets the contract terminated. The
 * message shows only once the server agreed. Hidden for support staff and for a terminated contract.
 */
export const TerminateContractButton = () => {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'contracts', action: 'edit', record });
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const [open, setOpen] = useState(false);
  const [endDate, setEndDate] = useState(firmToday);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!record || !canAccess || record.status === 'terminated') return null;

  const confirm = async () => {
    if (!endDate) {
      setError(translate('resources.contracts.terminate.end_date_required'));
      return;
    }
    setBusy(true);
    try {
      const { data } = await dataProvider.terminateContract(record.id, endDate);
      setOpen(false);
      const date = new Date(`${data.endDate}T12:00:00Z`).toLocaleDateString(localeTag(locale));
      notify('resources.contracts.terminate.success', { type: 'success', messageArgs: { number: data.contractNumber, date } });
      refresh();
    } catch (failure) {
      const body = (failure as { body?: { message?: string; errors?: Record<string, string> } }).body;
      setError(body?.errors?.endDate ?? body?.message ?? (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        label="resources.contracts.actions.terminate"
        color="warning"
        onClick={() => {
          setEndDate(firmToday());
          setError(undefined);
          setOpen(true);
        }}
      >
        <EventBusyIcon />
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)} aria-labelledby="terminate-contract-title" maxWidth="xs" fullWidth>
        <DialogTitle id="terminate-contract-title">{translate('resources.contracts.terminate.title', { number: record.contractNumber })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('resources.contracts.terminate.content')}</DialogContentText>
          <TextField
            type="date"
            name="endDate"
            label={translate('resources.contracts.terminate.end_date')}
            value={endDate}
            onChange={(event) => {
              setEndDate(event.target.value);
              setError(undefined);
            }}
            error={Boolean(error)}
            helperText={error ?? ' '}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: record.startDate ?? undefined } }}
            fullWidth
            autoFocus
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)} disabled={busy}>
            {translate('ra.action.cancel')}
          </MuiButton>
          <MuiButton onClick={confirm} color="warning" variant="contained" disabled={busy}>
            {translate('resources.contracts.terminate.confirm')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
