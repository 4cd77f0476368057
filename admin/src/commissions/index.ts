import EuroIcon from '@mui/icons-material/Euro';
import type { RaRecord } from 'react-admin';
import { CommissionCreate } from './CommissionCreate';
import { CommissionEdit } from './CommissionEdit';
import { CommissionList } from './CommissionList';
import { CommissionShow } from './CommissionShow';

export default {
  list: CommissionList,
  create: CommissionCreate,
  edit: CommissionEdit,
  show: CommissionShow,
  icon: EuroIcon,
  recordRepresentation: (record: RaRecord) => record.label ?? `#${record.id}`,
};
