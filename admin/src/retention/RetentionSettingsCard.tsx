import SaveIcon from '@mui/icons-material/Save';
import { Alert, Box, Button as MuiButton, Card, CardContent, CircularProgress, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, maxValue, minValue, required, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { AppDataProvider, PersonalDataSettings } from '../dataProvider';
import { DecimalInput } from '../common/DecimalInput';
import { WHOLE_NUMBER } from '../../../shared/decimalText';

const SETTINGS_KEY = ['settings', 'personal-data'];

/**
 * The retention period after the relationship ends (years) and how long the access log is
 * kept (months), above the list of clients past retention. Saved pessimistically: the message
 * shows once the server agreed, then the list is read again with the new period. Text inputs
 * read by DecimalInput, not the browser's number input (which refuses out-of-range values in its
 * own language, before react-admin's messages, and drops a French comma).
 */
export const RetentionSettingsCard = () => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const { data, isPending, error } = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => dataProvider.getPersonalDataSettings() });
  const save = useMutation({
    mutationFn: (values: Omit<PersonalDataSettings, 'id'>) => dataProvider.updatePersonalDataSettings(values),
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      notify('resources.retention-expired-clients.settings.saved', { type: 'success' });
      refresh();
    },
    onError: (failure: Error) => notify(failure.message || 'ra.notification.http_error', { type: 'error' }),
  });

  return (
    <Card sx={{ mt: 2 }} data-testid="retention-settings">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('resources.retention-expired-clients.settings.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 900 }}>
          {translate('resources.retention-expired-clients.settings.intro')}
        </Typography>
        {error ? (
          <Alert severity="error">{translate('resources.retention-expired-clients.settings.load_failed', { error: (error as Error).message })}</Alert>
        ) : isPending ? (
          <CircularProgress size={24} />
        ) : (
          <Form record={data} onSubmit={(values: Record<string, unknown>) => save.mutate({ retentionYears: Number(values.retentionYears), accessLogMonths: Number(values.accessLogMonths) })}>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', columnGap: 2 }}>
              <DecimalInput
                rules={WHOLE_NUMBER}
                source="retentionYears"
                label="resources.retention-expired-clients.settings.retentionYears"
                helperText="resources.retention-expired-clients.settings.retentionYears_help"
                validate={[required(), minValue(1), maxValue(50)]}
                sx={{ width: 320 }}
              />
              <DecimalInput
                rules={WHOLE_NUMBER}
                source="accessLogMonths"
                label="resources.retention-expired-clients.settings.accessLogMonths"
                helperText="resources.retention-expired-clients.settings.accessLogMonths_help"
                validate={[required(), minValue(1), maxValue(120)]}
                sx={{ width: 320 }}
              />
              <MuiButton type="submit" variant="contained" disabled={save.isPending} startIcon={save.isPending ? <CircularProgress size={16} color="inherit" /> : <SaveIcon />} sx={{ mt: 1 }}>
                {translate('ra.action.save')}
              </MuiButton>
            </Box>
          </Form>
        )}
      </CardContent>
    </Card>
  );
};
