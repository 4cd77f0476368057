import { Button, MenuItem, Select, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { StatementChoices, StatementPreview } from './importTypes';

/** A saved mapping to apply, or the mapping shown saved under a name for the next files of this layout. */
export const ImportMappingBar = ({
  file,
  preview,
  choices,
  busy,
  load,
}: {
  file: File;
  preview: StatementPreview;
  choices: StatementChoices;
  busy: boolean;
  load: (file: File, choices: StatementChoices) => void;
}) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [mappingName, setMappingName] = useState('');
  // What is saved and previewed next is the screen as it was when "Enregistrer" was clicked.
  const { mutate: saveMapping } = useMutation({
    mutationFn: (clicked: { name: string; file: File; preview: StatementPreview; period?: string }) =>
      dataProvider.saveImportMapping({ name: clicked.name, insurer: clicked.preview.insurer, mapping: clicked.preview.mapping, columns: clicked.preview.columns, sheet: clicked.preview.sheet }),
    onSuccess: (saved, clicked) => {
      notify('resources.imports.upload.mapping_saved', { type: 'info', messageArgs: { name: saved.name } });
      setMappingName('');
      load(clicked.file, { mappingId: saved.id, insurer: clicked.preview.insurer ?? '', period: clicked.period, sheet: clicked.preview.sheet });
    },
    onError: (e) => notify(e instanceof Error ? e.message : String(e), { type: 'error' }),
  });
  return (
    <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
      {preview.savedMappings.length > 0 && (
        <Select
          size="small"
          displayEmpty
          value=""
          inputProps={{ 'aria-label': translate('resources.imports.upload.saved_mappings') }}
          onChange={(e) => load(file, { mappingId: Number(e.target.value), period: choices.period })}
        >
          <MenuItem value="">{translate('resources.imports.upload.saved_mappings')}</MenuItem>
          {preview.savedMappings.map((saved) => (
            <MenuItem key={saved.id} value={saved.id}>
              {saved.name}
            </MenuItem>
          ))}
        </Select>
      )}
      <TextField size="small" sx={{ width: 280 }} label={translate('resources.imports.upload.mapping_name')} value={mappingName} onChange={(e) => setMappingName(e.target.value)} />
      <Button disabled={!mappingName.trim() || busy} onClick={() => saveMapping({ name: mappingName.trim(), file, preview, period: choices.period })} data-testid="save-mapping">
        {translate('resources.imports.actions.save_mapping')}
      </Button>
    </Stack>
  );
};
