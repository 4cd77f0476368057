import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { DuplicateList } from './DuplicateList';
import { DuplicateMerge } from './DuplicateMerge';

/** "Doublons potentiels": the list of groups, and a group's page, where it is merged. */
export default {
  list: DuplicateList,
  show: DuplicateMerge,
  icon: ContentCopyIcon,
};
