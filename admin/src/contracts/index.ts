import DescriptionIcon from '@mui/icons-material/Description';
import type { RaRecord } from 'react-admin';
import { ContractList } from './ContractList';
import { ContractShow } from './ContractShow';

export default {
  list: ContractList,
  show: ContractShow,
  icon: DescriptionIcon,
  recordRepresentation: (record: RaRecord) => record.contractNumber,
};
