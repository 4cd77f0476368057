import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { AccessLogList } from './AccessLogList';

/** "Journal des accès": consultations and exports of client data (admins only). */
export default {
  list: AccessLogList,
  icon: ManageSearchIcon,
};
