import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, List, NumberField, TextField, TopToolbar, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { ImportStatusField } from './ImportStatusField';

/** Past and running imports, newest first. */
export const ImportList = () => (
  <List
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    actions={<TopToolbar><CreateButton label="resources.imports.actions.create" /></TopToolbar>}
    empty={<ImportListEmpty />}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="id" />
      <DataTable.Col source="fileName" field={TextField} />
      <DataTable.Col source="status" field={ImportStatusField} />
      <DataTable.Col source="processedRows" field={NumberField} disableSort />
      <DataTable.Col source="clientsCreated" field={NumberField} disableSort />
      <DataTable.Col source="commissionsCreated" field={NumberField} disableSort />
      <DataTable.Col source="rowsRejected" field={NumberField} disableSort />
      <DataTable.Col source="createdAt">
        <LocalDateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col source="createdByLabel" field={TextField} disableSort />
    </DataTable>
  </List>
);

/** No import yet: says what an import does; the button shows for those who may import. */
const ImportListEmpty = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, mx: 'auto', maxWidth: 560, px: 2 }}>
      <UploadFileIcon sx={{ fontSize: 96, color: 'text.disabled' }} />
      <Typography variant="h5" component="p" gutterBottom>
        {translate('resources.imports.empty.title')}
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mb: 3 }}>
        {translate('resources.imports.empty.invite')}
      </Typography>
      <CreateButton variant="contained" label="resources.imports.actions.create" />
    </Box>
  );
};
