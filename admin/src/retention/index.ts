import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import { RetentionExpiredList } from './RetentionExpiredList';

/** "Durée de conservation dépassée": clients to anonymise once the retention period is over (admins only). */
export default {
  list: RetentionExpiredList,
  // The menu entry is shorter than the page's title (the menu is 240 px wide).
  options: { label: 'resources.retention-expired-clients.menu' },
  icon: HourglassBottomIcon,
};
