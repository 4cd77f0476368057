import { Chip, MenuItem, Select, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { StatementPreview } from './importTypes';

/** The first rows of the file, each with the verdict the import will give it; one select per column. */
export const ImportPreviewTable = ({ preview, fieldOf, assign }: { preview: StatementPreview; fieldOf: (column: string) => string; assign: (column: string, field: string) => void }) => {
  const translate = useTranslate();
  return (
    <TableContainer sx={{ maxWidth: '100%', overflowX: 'auto' }}>
      <Table size="small" data-testid="import-preview">
        <TableHead>
          <TableRow>
            <TableCell />
            {preview.columns.map((column) => (
              <TableCell key={column} sx={{ minWidth: 150, verticalAlign: 'bottom' }}>
                <Typography variant="caption" sx={{ display: 'block', fontWeight: 600 }}>
                  {column}
                </Typography>
                <Select size="small" fullWidth displayEmpty value={fieldOf(column)} onChange={(e) => assign(column, String(e.target.value))} inputProps={{ 'aria-label': column }}>
                  <MenuItem value="">{translate('resources.imports.upload.ignored')}</MenuItem>
                  {preview.fields.map(({ field, label }) => (
                    <MenuItem key={field} value={field}>
                      {label}
                    </MenuItem>
                  ))}
                </Select>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {preview.rows.map((row) => (
            <TableRow key={row.row} sx={row.status === 'rejected' ? { background: 'rgba(211,47,47,0.06)' } : undefined}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={row.errors.map((e) => (e.column ? `${e.column} : ${e.message}` : e.message)).join(' ; ')}>
                  <Chip
                    size="small"
                    label={`${row.row} · ${translate(`resources.imports.upload.row_status.${row.status}`)}`}
                    color={row.status === 'rejected' ? 'error' : row.status === 'line' ? 'success' : 'default'}
                    variant="outlined"
                  />
                </Tooltip>
              </TableCell>
              {preview.columns.map((column, index) => {
                const cellError = row.errors.find((e) => e.column === column);
                return (
                  <TableCell key={column} sx={cellError ? { color: 'error.main', fontWeight: 600 } : undefined} title={cellError?.message}>
                    {row.cells[index] ?? ''}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
