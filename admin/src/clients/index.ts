import PeopleIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';
import { ClientCreate } from './ClientCreate';
import { ClientEdit } from './ClientEdit';
import { ClientList } from './ClientList';
import { ClientShow } from './ClientShow';
import { clientName } from '../../../shared/clientLabel';

export default {
  list: ClientList,
  create: ClientCreate,
  edit: ClientEdit,
  show: ClientShow,
  icon: PeopleIcon,
  recordRepresentation: (record: RaRecord) => clientName(record),
};
