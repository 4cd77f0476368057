import HistoryIcon from '@mui/icons-material/History';
import { AuditEntryList } from './AuditEntryList';

export default {
  list: AuditEntryList,
  icon: HistoryIcon,
};
