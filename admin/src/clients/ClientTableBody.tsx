import { TableBody, TableCell, TableRow, Typography } from '@mui/material';
import clsx from 'clsx';
import { Fragment, type ReactNode } from 'react';
import { DataTableClasses, DataTableRow, RecordContextProvider, useDataTableDataContext, useTranslate, type RaRecord } from 'react-admin';

/** Rows the API found by a close spelling or sound rather than by the words typed (matchedBy). */
export const isTolerantMatch = (record: RaRecord) => record.matchedBy === 'similar' || record.matchedBy === 'sound';

/**
 * The table's rows as react-admin's own body draws them, with a caption row « Orthographes
 * proches » above the first tolerant match: the exact matches stay above, the close names
 * under it, so that a caller's misspelling never hides among the exact results.
 */
export const ClientTableBody = ({ children }: { children?: ReactNode }) => {
  const data = useDataTableDataContext();
  const translate = useTranslate();
  const firstTolerant = data?.findIndex(isTolerantMatch) ?? -1;
  return (
    <TableBody className={clsx('datatable-body', DataTableClasses.tbody)}>
      {data?.map((record, rowIndex) => (
        <Fragment key={record.id ?? `row${rowIndex}`}>
          {rowIndex === firstTolerant ? (
            <TableRow data-testid="similar-spellings">
              <TableCell colSpan={100} sx={{ bgcolor: 'action.hover', py: 0.75 }}>
                <Typography variant="subtitle2" component="span">
                  {translate('resources.clients.list.similar_spellings')}
                </Typography>
              </TableCell>
            </TableRow>
          ) : null}
          <RecordContextProvider value={record}>
            <DataTableRow className={clsx(DataTableClasses.row, rowIndex % 2 === 0 ? DataTableClasses.rowEven : DataTableClasses.rowOdd)}>{children}</DataTableRow>
          </RecordContextProvider>
        </Fragment>
      ))}
    </TableBody>
  );
};
