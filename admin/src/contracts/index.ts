import DescriptionIcon from '@mui/icons-material/Description';
import type { RaRecord } from 'react-admin';
import { ContractCreate } from './ContractCreate';
import { ContractEdit } from './ContractEdit';
import { ContractList } from './ContractList';
import { ContractShow } from './ContractShow';

export default {
  list: ContractList,
  create: ContractCreate,
  edit: ContractEdit,
  show: ContractShow,
  icon: DescriptionIcon,
  recordRepresentation: (record: RaRecord) => record.contractNumber,
};
