import PeopleIcon from '@mui/icons-material/PeopleOutline';
import { ListEmptyState } from '../common/ListEmptyState';

/** First visit: no client yet. Invites to create one or to import a statement. */
export const ClientListEmpty = () => <ListEmptyState icon={PeopleIcon} title="resources.clients.empty.title" invite="resources.clients.empty.invite" createLabel="resources.clients.actions.create" />;
