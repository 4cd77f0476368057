import { Typography } from '@mui/material';
import { Pagination, useListContext, useLocaleState, useTranslate } from 'react-admin';
import { localeTag } from './locale';

/**
 * The list's pagination, saying when its total is PostgreSQL's estimate rather than an exact
 * count (the API counts exactly up to 1,000 matches).
 */
export const EstimatedTotalPagination = () => {
  const { meta, total } = useListContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      <Pagination />
      {meta?.totalEstimated ? (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ textAlign: 'right', px: 2, pb: 1 }}>
          {translate('app.list.total_estimated', { total: (total ?? 0).toLocaleString(localeTag(locale)) })}
        </Typography>
      ) : null}
    </>
  );
};
