import { Typography } from '@mui/material';
import { useCallback } from 'react';
import { Pagination, useListContext, useLocaleState, useTranslate, type PaginationProps } from 'react-admin';
import { localeTag } from './locale';

/**
 * The lists' pagination. Totals are exact; past 10,000 matches of a filter the API stops
 * counting and says so (meta.totalMoreThan): the range then reads "1-25 sur plus de 10 000",
 * with previous/next only, and a line says the count stopped there.
 */
export const ListPagination = (props: PaginationProps) => {
  const { meta } = useListContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const moreThan: number | undefined = meta?.totalMoreThan;
  const formatted = moreThan?.toLocaleString(localeTag(locale));
  const label = useCallback(({ from, to }: { from: number; to: number }) => translate('app.list.range_more_than', { from, to, total: formatted }), [translate, formatted]);
  if (moreThan === undefined) return <Pagination {...props} />;
  return (
    <>
      {/* react-admin hands its other props to MUI's TablePagination; its type leaves this one out. */}
      <Pagination {...props} {...({ labelDisplayedRows: label } as PaginationProps)} />
      <Typography variant="caption" color="text.secondary" component="p" sx={{ textAlign: 'right', px: 2, pb: 1 }}>
        {translate('app.list.total_more_than', { total: formatted })}
      </Typography>
    </>
  );
};
