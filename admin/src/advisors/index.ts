import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import type { RaRecord } from 'react-admin';
import { AdvisorCreate } from './AdvisorCreate';
import { AdvisorEdit } from './AdvisorEdit';
import { AdvisorList } from './AdvisorList';
import { AdvisorShow } from './AdvisorShow';
import { advisorName } from './advisorName';

export default {
  list: AdvisorList,
  create: AdvisorCreate,
  edit: AdvisorEdit,
  show: AdvisorShow,
  icon: SupportAgentIcon,
  recordRepresentation: (record: RaRecord) => advisorName(record),
};
