import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import { RetentionExpiredList } from './RetentionExpiredList';

/** "Durée de conservation dépassée": clients to anonymise once the retention period is over (admins only). */
export default {
  list: RetentionExpiredList,
  icon: HourglassBottomIcon,
};
