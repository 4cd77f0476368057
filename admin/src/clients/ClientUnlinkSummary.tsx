import { Box, CircularProgress, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useListContext, useTranslate, type Identifier } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';

/**
 * The delete dialogs' text: what the deletion does, then what it will unlink, counted by the
 * database for exactly these clients (GET /api/clients/unlink-summary), never from a page.
 */
export const ClientUnlinkSummary = ({ ids }: { ids: Identifier[] }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const { data, isPending, isError } = useQuery({
    queryKey: ['clients', 'unlinkSummary', ids],
    queryFn: () => dataProvider.getClientUnlinkSummary(ids),
    // The selection empties while the bulk dialog closes after a delete: nothing to ask then.
    enabled: ids.length > 0,
  });
  const intro = translate(ids.length > 1 ? 'resources.clients.delete.bulk_content' : 'resources.clients.delete.content', { smart_count: ids.length });
  let counts: string;
  if (isPending) counts = translate('resources.clients.delete.counting');
  else if (isError || !data) counts = translate('resources.clients.delete.count_failed');
  else {
    const contracts = data.contracts ? translate('resources.clients.delete.contracts', { smart_count: data.contracts }) : translate('resources.clients.delete.no_contracts');
    const commissions = data.commissions ? translate('resources.clients.delete.commissions', { smart_count: data.commissions }) : translate('resources.clients.delete.no_commissions');
    counts = `${contracts}, ${commissions}.`;
  }
  return (
    <Box>
      <Typography>{intro}</Typography>
      <Typography sx={{ mt: 1, fontWeight: 500, display: 'flex', alignItems: 'center', gap: 1 }} data-testid="unlink-summary">
        {isPending ? <CircularProgress size={14} /> : null}
        {counts}
      </Typography>
    </Box>
  );
};

/** For "Supprimer la sélection": the totals over every selected client. */
export const SelectionUnlinkSummary = () => {
  const { selectedIds } = useListContext();
  return <ClientUnlinkSummary ids={selectedIds} />;
};
