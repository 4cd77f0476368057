import EuroIcon from '@mui/icons-material/Euro';
import type { RaRecord } from 'react-admin';
import { CommissionList } from './CommissionList';
import { CommissionShow } from './CommissionShow';

export default {
  list: CommissionList,
  show: CommissionShow,
  icon: EuroIcon,
  recordRepresentation: (record: RaRecord) => record.label ?? `#${record.id}`,
};
