import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { RaRecord } from 'react-admin';
import { ImportCreate } from './ImportCreate';
import { ImportList } from './ImportList';
import { ImportShow } from './ImportShow';

export default {
  list: ImportList,
  show: ImportShow,
  create: ImportCreate,
  icon: UploadFileIcon,
  recordRepresentation: (record: RaRecord) => `${record.fileName} (n° ${record.id})`,
};
