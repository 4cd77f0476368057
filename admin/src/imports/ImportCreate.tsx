import { Box } from '@mui/material';
import { Title, useRequireAccess } from 'react-admin';
import { ImportFileStep } from './ImportFileStep';
import { ImportPreviewStep } from './ImportPreviewStep';
import { useStatementImport } from './useStatementImport';

/**
 * Upload → preview (the saved mapping of a known layout applied, or the one proposed; the file's
 * insurer and month; the verdict of every row) → start. Every change asks the API for a fresh
 * preview, so what is shown is what will be imported. Admins only: support staff get "Non
 * autorisé" at once, as on the other write pages.
 */
export const ImportCreate = () => {
  const { isPending } = useRequireAccess({ action: 'create', resource: 'imports' });
  if (isPending) return null;
  return <ImportCreatePage />;
};

const ImportCreatePage = () => {
  const upload = useStatementImport();
  const { file, preview } = upload;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="resources.imports.upload.title" />
      <ImportFileStep file={file} busy={upload.previewing || upload.starting} error={upload.error} onFile={upload.chooseFile} />
      {preview && file && <ImportPreviewStep upload={upload} file={file} preview={preview} />}
    </Box>
  );
};
