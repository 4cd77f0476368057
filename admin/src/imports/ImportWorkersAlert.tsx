import { Alert } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';

/**
 * Queued imports with no worker alive wait for ever while every page looks fine: the Imports
 * list says so, with what to do. Asked again every 15 s (a worker writes its heartbeat as often).
 */
export const ImportWorkersAlert = () => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const { data } = useQuery({ queryKey: ['imports', 'workers'], queryFn: () => dataProvider.getImportWorkers(), refetchInterval: 15_000 });
  if (!data || data.alive > 0 || data.queued === 0) return null;
  return (
    <Alert severity="warning" data-testid="import-no-worker" sx={{ mt: 2 }}>
      {translate('resources.imports.no_worker', { smart_count: data.queued })}
    </Alert>
  );
};
