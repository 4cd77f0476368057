import { Alert } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useTranslate } from 'react-admin';
import { defaultHttpClient } from '../dataProvider';

/**
 * On an import's result page: "3 nouveaux clients ressemblent à des clients existants", linking
 * to the duplicates list narrowed to this import. Nothing when none does.
 */
export const ImportLookalikes = ({ importId }: { importId: number }) => {
  const translate = useTranslate();
  const filter = { importId };
  const { data } = useQuery({
    queryKey: ['duplicates', 'importSummary', importId],
    queryFn: async () => (await defaultHttpClient(`/api/duplicates/summary?filter=${encodeURIComponent(JSON.stringify(filter))}`)).json as { newClientsLikeExisting: number },
  });
  if (!data?.newClientsLikeExisting) return null;
  return (
    <Alert severity="warning" data-testid="import-lookalikes">
      {translate('resources.duplicates.import_summary.text', { smart_count: data.newClientsLikeExisting })}{' '}
      <Link to={`/duplicates?filter=${encodeURIComponent(JSON.stringify(filter))}`}>{translate('resources.duplicates.import_summary.review')}</Link>
    </Alert>
  );
};
